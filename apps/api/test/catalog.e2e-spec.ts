import { get } from 'node:http';
import { ProductListResponse } from '@minipay/contracts';
import { call } from './support/http';
import { startStack, type Stack } from './support/stack';

/** GET /catalog/products in the shopper's language, and the product pictures the catalog points at. */
describe('catalog: languages and pictures', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const products = async (acceptLanguage?: string) => {
    const reply = await call(stack.apiUrl, 'GET', '/catalog/products', { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} });
    expect(reply.status).toBe(200);
    return { reply, items: ProductListResponse.parse(reply.body).items };
  };

  it('names and describes products in the language of Accept-Language, with the same prices', async () => {
    const en = await products();
    const zhCN = await products('zh-CN,zh;q=0.9,en;q=0.8');
    const zhTW = await products('zh-TW');
    expect(en.reply.headers.get('content-language')).toBe('en');
    expect(zhCN.reply.headers.get('content-language')).toBe('zh-CN');
    expect(zhTW.reply.headers.get('content-language')).toBe('zh-TW');
    expect(zhCN.reply.headers.get('vary')).toMatch(/accept-language/i);
    // Cached per language and per origin alike.
    const fromBrowser = await call(stack.apiUrl, 'GET', '/catalog/products', { headers: { 'accept-language': 'zh-TW', origin: 'http://127.0.0.1:10086' } });
    expect(fromBrowser.headers.get('vary')).toMatch(/origin/i);
    expect(fromBrowser.headers.get('vary')).toMatch(/accept-language/i);

    const tea = (items: typeof en.items) => items.find((p) => p.id === 'oolong-tea')!;
    expect(tea(en.items).name).toBe('Tieguanyin Oolong Tea');
    expect(tea(zhCN.items).name).toBe('铁观音乌龙茶');
    expect(tea(zhCN.items).description).toBe('炭焙乌龙，100 克罐装');
    expect(tea(zhTW.items).name).toBe('鐵觀音烏龍茶');
    // Only the words change: ids, order and prices are the catalog's.
    const strip = (items: typeof en.items) => items.map(({ id, price, imageUrl }) => ({ id, price, imageUrl }));
    expect(strip(zhCN.items)).toEqual(strip(en.items));
    expect(strip(zhTW.items)).toEqual(strip(en.items));
  });

  it('serves each product picture as a cacheable static file', async () => {
    const { items } = await products();
    for (const product of items) {
      expect(product.imageUrl).toMatch(/^\/catalog\/images\/.+\?v=[0-9a-f]+$/);
      const response = await fetch(`${stack.apiUrl}${product.imageUrl}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get('cache-control')).toMatch(/max-age=31536000/);
      expect(response.headers.get('cache-control')).toMatch(/immutable/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const etag = response.headers.get('etag');
      expect(etag).toBeTruthy();
      const body = await response.text();
      expect(body).toContain('<svg');
      expect(body.length).toBeLessThan(8 * 1024);
      // A revalidation (not through fetch: it adds Cache-Control: no-cache to conditional requests).
      const status = await new Promise<number | undefined>((resolve, reject) => {
        get(`${stack.apiUrl}${product.imageUrl}`, { headers: { 'if-none-match': etag! } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject);
      });
      expect(status).toBe(304);
    }
  });

  it('serves nothing else from the pictures folder', async () => {
    for (const path of ['/catalog/images/', '/catalog/images/..%2Fpackage.json', '/catalog/images/missing.svg', '/catalog/images/.hidden']) {
      const response = await fetch(`${stack.apiUrl}${path}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });
});

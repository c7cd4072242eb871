import { CATALOG_LANGUAGES, type CatalogLanguage } from '@minipay/contracts';

/**
 * Product names and descriptions in the shopper's language. The products table holds the English text (the
 * API's default language); the other languages live here, keyed by product id, so a product without a
 * translation simply shows its English text. Prices and currencies are not here: they belong to the catalog.
 */

export { CATALOG_LANGUAGES, type CatalogLanguage };

/** The products table's own language. */
export const DEFAULT_CATALOG_LANGUAGE: CatalogLanguage = 'en';

export interface ProductText {
  name: string;
  description: string;
}

export const PRODUCT_TRANSLATIONS: Readonly<Record<string, Partial<Record<Exclude<CatalogLanguage, 'en'>, ProductText>>>> = {
  'oolong-tea': {
    'zh-CN': { name: '铁观音乌龙茶', description: '炭焙乌龙，100 克罐装' },
    'zh-TW': { name: '鐵觀音烏龍茶', description: '炭焙烏龍，100 克罐裝' },
  },
  'egg-tart-box': {
    'zh-CN': { name: '蛋挞（6 个装）', description: '酥皮蛋挞，今早新鲜出炉' },
    'zh-TW': { name: '蛋撻（6 個裝）', description: '酥皮蛋撻，今早新鮮出爐' },
  },
  'pineapple-bun': {
    'zh-CN': { name: '菠萝包', description: '夹一片冰冻牛油' },
    'zh-TW': { name: '菠蘿包', description: '夾一片冰凍牛油' },
  },
  'milk-tea-bottle': {
    'zh-CN': { name: '港式奶茶', description: '丝袜奶茶，500 毫升' },
    'zh-TW': { name: '港式奶茶', description: '絲襪奶茶，500 毫升' },
  },
};

/** Which of our languages a BCP 47 tag means, if any: zh-Hans/zh-CN/zh-SG/zh → zh-CN, zh-Hant/zh-TW/zh-HK/zh-MO → zh-TW. */
function languageOf(tag: string): CatalogLanguage | null {
  const parts = tag.toLowerCase().replace(/_/g, '-').split('-');
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return null;
  const rest = parts.slice(1);
  if (rest.includes('hant') || rest.some((p) => p === 'tw' || p === 'hk' || p === 'mo')) return 'zh-TW';
  return 'zh-CN';
}

/**
 * Picks the language to answer in from an Accept-Language header (RFC 9110 §12.5.4): the supported language
 * with the highest q, earlier entries winning ties; the default when nothing matches or the header is absent.
 */
export function negotiateLanguage(header: string | string[] | undefined): CatalogLanguage {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return DEFAULT_CATALOG_LANGUAGE;
  let best: { language: CatalogLanguage; q: number } | null = null;
  for (const entry of value.split(',').slice(0, 20)) {
    const [rawTag, ...params] = entry.trim().split(';');
    const tag = rawTag?.trim();
    if (!tag) continue;
    let q = 1;
    for (const param of params) {
      const match = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    if (!(q > 0)) continue;
    const language = tag === '*' ? DEFAULT_CATALOG_LANGUAGE : languageOf(tag);
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? DEFAULT_CATALOG_LANGUAGE;
}

/** The product's text in that language, or its own (English) text when there is no translation. */
export function translateProduct(product: { id: string } & ProductText, language: CatalogLanguage): ProductText {
  const translated = language === 'en' ? undefined : PRODUCT_TRANSLATIONS[product.id]?.[language];
  return translated ?? { name: product.name, description: product.description };
}

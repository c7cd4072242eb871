import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderTimeoutError, ProviderUnavailableError } from '../errors/provider-errors';
import { providerFetch, type ProviderHttpOptions } from './provider-http';

/** A provider on loopback whose every answer the test scripts; it records what it was sent. */
async function fakeProvider(answer: (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      answer(req, res, body, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/thing`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, received, close };
}

const options: ProviderHttpOptions = { timeoutMs: 300, maxRetries: 2, retryBaseMs: 5 };

describe('providerFetch', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()));
  });
  async function provider(answer: Parameters<typeof fakeProvider>[0]) {
    const p = await fakeProvider(answer);
    open.push(p);
    return p;
  }

  it('sends JSON and returns the status, the exact text, the parsed body and lower-case headers', async () => {
    const p = await provider((_req, res) => {
      res.setHeader('Wechatpay-Serial', 'SERIAL1');
      res.setHeader('content-type', 'application/json');
      res.end('{"code":0,"data":{"id":"po_1"}}');
    });
    const reply = await providerFetch(
      { operation: 'test.create', method: 'POST', url: p.url, body: { amount: 12.34 }, headers: (payload) => ({ 'x-signed': `sig(${payload})` }) },
      options,
    );
    expect(reply).toMatchObject({ status: 200, text: '{"code":0,"data":{"id":"po_1"}}', body: { code: 0, data: { id: 'po_1' } }, attempts: 1 });
    expect(reply.headers['wechatpay-serial']).toBe('SERIAL1');
    expect(p.received[0].body).toBe('{"amount":12.34}');
    expect(p.received[0].headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json', 'x-signed': 'sig({"amount":12.34})' });
  });

  it('retries a 5xx with backoff, signing each attempt afresh, and returns the answer that came', async () => {
    const p = await provider((_req, res, _body, n) => {
      res.statusCode = n === 1 ? 503 : 200;
      res.end(n === 1 ? 'busy' : '{"ok":true}');
    });
    let signed = 0;
    const reply = await providerFetch({ operation: 'test.query', method: 'GET', url: p.url, headers: () => ({ 'x-attempt': String(++signed) }) }, options);
    expect(reply).toMatchObject({ status: 200, body: { ok: true }, attempts: 2 });
    expect(p.received.map((r) => r.headers['x-attempt'])).toEqual(['1', '2']);
  });

  it('returns a 4xx as an answer, without retrying', async () => {
    const p = await provider((_req, res) => {
      res.statusCode = 400;
      res.end('{"code":"INVALID"}');
    });
    expect(await providerFetch({ operation: 'test.create', method: 'POST', url: p.url, body: {} }, options)).toMatchObject({ status: 400, attempts: 1 });
    expect(p.received).toHaveLength(1);
  });

  it('gives up on 5xx after the configured retries: PROVIDER_UNAVAILABLE with the last status', async () => {
    const p = await provider((_req, res) => {
      res.statusCode = 502;
      res.end();
    });
    const failed = providerFetch({ operation: 'test.create', method: 'POST', url: p.url, body: {} }, options);
    await expect(failed).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(p.received).toHaveLength(3);
  });

  it('times out a provider that never answers, once: the outcome is unknown, so it is not sent again', async () => {
    const p = await provider(() => undefined);
    const started = Date.now();
    await expect(providerFetch({ operation: 'test.create', method: 'POST', url: p.url, body: {} }, options)).rejects.toBeInstanceOf(ProviderTimeoutError);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(p.received).toHaveLength(1);
  });

  it('the deadline covers the body too: headers in time, then a stalled body, is a timeout', async () => {
    const p = await provider((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":0,');
    });
    await expect(providerFetch({ operation: 'test.create', method: 'POST', url: p.url, body: {} }, options)).rejects.toBeInstanceOf(ProviderTimeoutError);
    expect(p.received).toHaveLength(1);
  });

  it('retries a refused connection (nothing reached the provider), then reports it unavailable', async () => {
    const p = await fakeProvider(() => undefined);
    await p.close(); // the port is now closed: connections are refused
    await expect(providerFetch({ operation: 'test.create', method: 'POST', url: p.url, body: {} }, options)).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});

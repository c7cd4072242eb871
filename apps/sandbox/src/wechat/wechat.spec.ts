import type { FastifyInstance } from 'fastify';
import { buildSandbox } from '../app';
import { SANDBOX_DEFAULT_CREDENTIALS as C } from '../config';

describe('WeChat jscode2session', () => {
  let app: FastifyInstance;
  beforeEach(() => {
    app = buildSandbox();
  });
  afterEach(() => app.close());

  const mint = async (openid?: string) => (await app.inject({ method: 'POST', url: '/__sandbox/wechat/codes', payload: openid ? { openid } : {} })).json();
  const exchange = (code: string, appid = C.wechatAppId, secret = C.wechatAppSecret) =>
    app.inject({ method: 'GET', url: '/sns/jscode2session', query: { appid, secret, js_code: code, grant_type: 'authorization_code' } });

  it('exchanges a minted code for the openid and a 24-char session_key', async () => {
    const { code, openid, expiresIn } = await mint();
    expect(openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(expiresIn).toBe(300);
    const res = await exchange(code);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ openid, session_key: expect.stringMatching(/^[A-Za-z0-9+/]{24}$/) });
  });

  it('keeps a requested openid', async () => {
    const { code } = await mint('oFixedOpenid');
    expect((await exchange(code)).json().openid).toBe('oFixedOpenid');
  });

  it('answers errcodes with HTTP 200, like WeChat', async () => {
    const { code } = await mint();
    expect((await exchange(code, 'wxWRONG')).json()).toMatchObject({ errcode: 40013 });
    expect((await exchange(code, C.wechatAppId, 'wrong')).json()).toMatchObject({ errcode: 40125 });
    expect((await exchange('unknown-code')).json()).toMatchObject({ errcode: 40029 });
    const first = await exchange(code);
    expect(first.json().openid).toBeDefined();
    const reused = await exchange(code);
    expect(reused.statusCode).toBe(200);
    expect(reused.json()).toEqual({ errcode: 40163, errmsg: 'code been used' });
  });

  it('expires codes after 5 minutes', async () => {
    const { code } = await mint();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 301_000);
    try {
      expect((await exchange(code)).json()).toMatchObject({ errcode: 40029 });
    } finally {
      jest.restoreAllMocks();
    }
  });

  it.each([45011, 40226, -1])('injects errcode %i without consuming the code', async (errcode) => {
    const { code } = await mint();
    await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { scope: 'wechat', mode: 'wechat_errcode', errcode, count: 1 } });
    expect((await exchange(code)).json()).toMatchObject({ errcode });
    expect((await exchange(code)).json().openid).toBeDefined();
  });

  it('never logs the secret in the call log', async () => {
    await exchange('x');
    const calls = (await app.inject({ method: 'GET', url: '/__sandbox/calls?scope=wechat' })).json();
    expect(calls).toEqual([expect.objectContaining({ scope: 'wechat', operation: 'jscode2session', path: '/sns/jscode2session', status: 200 })]);
    expect(JSON.stringify(calls)).not.toContain(C.wechatAppSecret);
  });
});

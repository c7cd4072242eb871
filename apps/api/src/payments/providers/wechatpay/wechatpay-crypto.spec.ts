import { generateKeyPairSync, randomBytes } from 'node:crypto';
// The independent referee: wechatpay-axios-plugin's own primitives (its AES-GCM checks the tag).
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import { AeadDecryptionError, decryptResource, encryptResource } from './wechatpay-aead';
import { authorizationHeader, paySign, requestSigningString, rsaSign, signRequest } from './wechatpay-signing';
import {
  parsePlatformCertificate,
  responseSigningString,
  rsaVerify,
  verifyWechatpaySignature,
  WechatpayKeySet,
  WechatpaySignatureError,
} from './wechatpay-verify';

/** WeChat Pay's published request-signing test key (merchant 1900007291; pay.weixin.qq.com/doc/v3/merchant/4012365336). */
const OFFICIAL_TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCm2mb6q8gMKH/3
CNTbpJAIrbqiBiQGEOtjGcBrDYltsGynWgNscqT7WvfzU14FQbYcQUC5T4Wvva7m
i3fIp3OgX8VqMDNA0qebnr38Pe6kqiLyZgFpJPXlSKDyPyqhRbVTbXssvSMQeVKc
dXeVxoNNeoOlNFHgF/P0io6AmAVnz+hN8SiZKuOsth5/zUTLGvtkgxBcQooQrtXh
RcpLT798OyIb9xeJ2HO3xRtMv2+perEzb4gMibI74UBz+2QEbnkubPE+2jU2rRZu
dnNEz/BPOt3Qj/w2V6/G0VumGDh6+UeMU0jv4aupHztWITC4Akn0l7lBCNy3lgl8
VFaJnkIxAgMBAAECggEAYGL8aESB7NwciDWW2UdoWUsa7GxFtSdjAz2mFXGdeTsY
mVh7b9OOkRGM+Qio4LqEHDBp1mMk5E/cUJwy1zw8pGGO5nfvs7u9TT3XnHaefIs4
YvUgTYAneIuLRkXNN5rQU+CD7mVYczTSz0Vgjqo9wa1LjUz7G0xbBmJgTdMEFGJs
eJjy6AbJo0CGIwp6HJbTm4CmOUgXnnDAIbEGTIRImkZFH/rzneIeR7oZ77FVwxr1
CZB2gfRCov/yRPbw8vnryYkmvQ7D/ze3j5097vRg/MoDGBSdoOwcmo75vyofr0AS
zytMjmHYyifqkf5slPropSiJeGf4p/7gtKyF6dE/XQKBgQDVAlJ+4U5ZVGOuDc3+
sAhz8CTzgFNlq9vKuSoFK6hOz2L+cwj+E7NXGkOe2DsHHZNy2Xqxk7caKhPEp1z9
hhpMpyLVMoFt6CKemyoRBWDCQwLLwem9SZF/IAyovBkLiH36P42Jm26gUkNMKC/5
Zhtqxf6RZgRQzbVudJi47vIRCwKBgQDIh0+v27Oo+DM3fhObH4I1NrXpWOEGH7OQ
G1dEsMuFYF4hjGhg0kBEP3w9vVdl2+mRllZKTsx9oqjb8OibPLLIH8xsdbAB0WLf
JvjLu4wl/ILUzN1RI03dWnnv2EnEeQn6c3hizvrJ9wR5U4ue9RPVnQooJ0hZF1PU
uCL5fWK3MwKBgElReU/PAYbh80WP3t3Rfbdaa32dKBeQ5iCLR5lsA4zM+YgX1HqQ
EWTj126vgvHaDkyz6vWAoL/Sx+cirHFfXWIRDX5Q2hgYlQH+6qXdMgbrxeSYpHnQ
/tHBGFpkFELSAnrGsVMyOwvYBO4LzyeLK9i+ufcWJFoj1FVmsMLHDG8tAoGARdbi
iQQCoYG4DMarO2aQ6cmhN6EN1h0qY7EyBqlwaIZ0okiNfdMcMOjPc41DKCWcRmlO
qlihXcxN9TQFPzO3rH1urAOdBjUPs1qWYhZyrDQyuLyVBBJApyxAtajloDjrob+f
mQIvVDHk7ACN6xG+E7K6+9salnTKbJapD618uQMCgYBNy6XUvzLkP/A1U/UZdtcx
l8GwU/dturLxz4CyGbqDw4ubaYY2e13lnqHUqQgPtiSyH51nq3tdo8G0YAJdfkSv
KvnfslW91fyEBUKnkdW1o3/1UFU/wprZ7ixVL/F42A4xDu7OFE8EnweJOZ0jWceE
OdhCkaIGBCfRnlECRK8UyQ==
-----END PRIVATE KEY-----
`;

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const apiV3Key = 'abcdefghijABCDEFGHIJ0123456789xy';
const PUB_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000001';

describe('WeChat Pay v3 signing (referee: wechatpay-axios-plugin)', () => {
  it("reproduces WeChat's published paySign vector exactly, as the referee does", () => {
    const input = {
      appId: 'wx2421b1c4370ec43b',
      timeStamp: '1554208460',
      nonceStr: '593BEC0C930BF1AFEB40B4A08C8FB242',
      package: 'prepay_id=wx201410272009395522657a690389285100',
    };
    const official =
      'mI35pfNEQV6777ke/1T+LJLQDNTm7yeoUJH+j/adPGhmCCi0PbgkvYQTRcXH0uibcLVtvFLdGLpmoYO9FV6lBBsTAjuhh5YOvQi0e2g3e0yytitiNET9FEuqM0pjnKfRW4K6LIZDdbWJv9KhZUx3DrJa5TL7OJ7VdADVivxVySIlPVKjGwuCXzuXSJes0UcILgWQUMyha5/3nYofuHtS7r+KYyMuxD+oJ9VM1Qdxk4UIG59CP5Y3wtYIFybyF3bdu1caHTRRX+DLyMXyYA/IrTmiW01c4RPjpHBX5Dk1sZyY1zVsWNsvMHr2e1NTWtBxKJ+qk5N61J7caYoepHFaxw==';
    expect(paySign(input, OFFICIAL_TEST_KEY)).toBe(official);
    expect(Rsa.sign(Formatter.joinedByLineFeed(input.appId, input.timeStamp, input.nonceStr, input.package), Rsa.from(OFFICIAL_TEST_KEY, 'private'))).toBe(
      official,
    );
  });

  it("reproduces WeChat's published request signature for the JSAPI prepay example", () => {
    const body =
      '{"appid":"wxd678efh567hg6787","mchid":"1900007291","description":"Image形象店-深圳腾大-QQ公仔","out_trade_no":"1217752501201407033233368018","notify_url":"https://www.weixin.qq.com/wxpay/pay.php","amount":{"total":100,"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}}';
    const message = requestSigningString('POST', '/v3/pay/transactions/jsapi', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', body);
    expect(message).toBe(Formatter.request('POST', '/v3/pay/transactions/jsapi', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', body));
    expect(rsaSign(message, OFFICIAL_TEST_KEY)).toBe(
      'jnks4dlrPw3ZX+ozVvSK39oa0t7OMBsg83BHAwd8BRdUFiVaQNTLTvci+wURgP1OQBbKYhFGvt7iqYpDSTQkp7Uq1sltaQKyncCyrA1g88m5bsKERQfPyT0ahSwKTYJ1CAn9QiJuSJRq1QsQs07eehbU/k9BCS51jTyc1Jpsi2H77HF9f/BnjXAOP3/sPObg6V5Ee4EzwLox684hhuMuIwHo7D8KFk3LIHOKDcNI4It1aCXydFWNpNK+SG86VUDe5kwoDpw4Ulqfu9z8OFDGbDs9TCxEv8iqQzbpxOlEVoOe2kalSYM5kApQb3nZcxdUtoE0liJGW3RGUNE0t4v01A==',
    );
  });

  it('a GET signs an empty body line, and the query string is part of the URL line', () => {
    const ours = requestSigningString('GET', '/v3/pay/transactions/out-trade-no/A1?mchid=1900007291', '1554208460', 'N0NCE');
    expect(ours).toBe('GET\n/v3/pay/transactions/out-trade-no/A1?mchid=1900007291\n1554208460\nN0NCE\n\n');
    expect(ours).toBe(Formatter.request('GET', '/v3/pay/transactions/out-trade-no/A1?mchid=1900007291', '1554208460', 'N0NCE'));
  });

  it('the Authorization header matches the referee and its signature verifies with the merchant public key', () => {
    const header = signRequest(
      { method: 'POST', pathWithQuery: '/v3/refund/domestic/refunds', body: '{"a":1}' },
      { mchid: '1900007291', serialNo: 'SERIAL1', privateKey: merchant.privateKey },
      '1700000000',
      'NONCE1',
    );
    const signature = /signature="([^"]+)"/.exec(header)![1]!;
    expect(header).toBe(Formatter.authorization('1900007291', 'NONCE1', signature, '1700000000', 'SERIAL1'));
    expect(header).toBe(authorizationHeader({ mchid: '1900007291', nonce: 'NONCE1', signature, timestamp: '1700000000', serialNo: 'SERIAL1' }));
    expect(
      Rsa.verify(
        Formatter.request('POST', '/v3/refund/domestic/refunds', '1700000000', 'NONCE1', '{"a":1}'),
        signature,
        Rsa.from(merchant.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public'),
      ),
    ).toBe(true);
  });
});

describe('WeChat Pay v3 reply and notification verification', () => {
  const keys = new WechatpayKeySet({ id: PUB_KEY_ID, key: platform.publicKey });
  const now = new Date('2026-12-02T12:00:00Z');
  const ts = String(Math.floor(now.getTime() / 1000));
  const body = '{"id":"EV-1","resource":{"ciphertext":"x"}}';
  const signed = (over: Record<string, string> = {}, signBody = body, signTs = ts) => ({
    'wechatpay-timestamp': signTs,
    'wechatpay-nonce': 'n0nce',
    'wechatpay-serial': PUB_KEY_ID,
    'wechatpay-signature': Rsa.sign(
      Formatter.response(signTs, 'n0nce', signBody),
      Rsa.from(platform.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'private'),
    ),
    ...over,
  });

  it('accepts a signature made by the referee over the raw body and returns the serial', () => {
    expect(verifyWechatpaySignature(signed(), Buffer.from(body), keys, now)).toBe(PUB_KEY_ID);
    expect(responseSigningString(ts, 'n0nce', body)).toBe(Formatter.response(ts, 'n0nce', body));
  });

  it.each([
    ['a re-serialised body', signed({}, '{"id": "EV-1", "resource": {"ciphertext": "x"}}')],
    ['a SIGNTEST probe', signed({ 'wechatpay-signature': 'WECHATPAY/SIGNTEST/' + randomBytes(32).toString('base64') })],
    ['a stale timestamp (301 s)', signed({}, body, String(Number(ts) - 301))],
    ['a future timestamp (301 s)', signed({}, body, String(Number(ts) + 301))],
    ['an unknown public key id', signed({ 'wechatpay-serial': 'PUB_KEY_ID_0000' })],
    ['an unknown certificate serial', signed({ 'wechatpay-serial': '5157F09EFDC096DE15EBE81A47057A7232F4A1E2' })],
    ['a missing nonce', { ...signed(), 'wechatpay-nonce': '' }],
    ['a merchant-key signature', signed({ 'wechatpay-signature': rsaSign(Formatter.response(ts, 'n0nce', body), merchant.privateKey) })],
  ])('rejects %s', (_what, headers) => {
    const probe = () => verifyWechatpaySignature(headers, body, keys, now);
    expect(probe).toThrow(WechatpaySignatureError);
  });

  it('a SIGNTEST probe is refused as a probe even when the key is known', () => {
    expect(() => verifyWechatpaySignature(signed({ 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abc' }), body, keys, now)).toThrow(/probe/);
  });

  it('rsaVerify agrees with the referee on a tampered message', () => {
    const sig = Rsa.sign('hello\n', Rsa.from(platform.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'private'));
    expect(rsaVerify('hello\n', sig, platform.publicKey)).toBe(true);
    expect(rsaVerify('hellp\n', sig, platform.publicKey)).toBe(
      Rsa.verify('hellp\n', sig, Rsa.from(platform.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public')),
    );
    expect(rsaVerify('hellp\n', sig, platform.publicKey)).toBe(false);
  });
});

describe('AEAD_AES_256_GCM (referee: wechatpay-axios-plugin Aes.AesGcm)', () => {
  const plaintext = JSON.stringify({ out_trade_no: 'MP-1-1', trade_state: 'SUCCESS', amount: { total: 1990 } });

  it('decrypts what the referee encrypts, and the referee decrypts what we encrypt', () => {
    const ciphertext = Aes.AesGcm.encrypt(plaintext, apiV3Key, 'abcdefghijkl', 'transaction');
    expect(decryptResource(apiV3Key, { ciphertext, nonce: 'abcdefghijkl', associated_data: 'transaction' })).toBe(plaintext);
    const ours = encryptResource(apiV3Key, plaintext, 'mnopqrstuvwx', 'refund');
    expect(Aes.AesGcm.decrypt(ours.ciphertext, apiV3Key, 'mnopqrstuvwx', 'refund')).toBe(plaintext);
  });

  it.each([
    ['a flipped ciphertext byte', (c: Buffer) => (c[0]! ^= 1)],
    ['a flipped tag byte', (c: Buffer) => (c[c.length - 1]! ^= 1)],
  ])('refuses %s, as the referee does', (_what, tamper) => {
    const good = encryptResource(apiV3Key, plaintext, 'abcdefghijkl', 'transaction');
    const bytes = Buffer.from(good.ciphertext, 'base64');
    tamper(bytes);
    const forged = { ...good, ciphertext: bytes.toString('base64') };
    expect(() => decryptResource(apiV3Key, forged)).toThrow(AeadDecryptionError);
    expect(() => Aes.AesGcm.decrypt(forged.ciphertext, apiV3Key, forged.nonce, forged.associated_data ?? '')).toThrow();
  });

  it('refuses a changed associated_data or nonce, and a wrong key', () => {
    const good = encryptResource(apiV3Key, plaintext, 'abcdefghijkl', 'transaction');
    expect(() => decryptResource(apiV3Key, { ...good, associated_data: 'refund' })).toThrow(AeadDecryptionError);
    expect(() => decryptResource(apiV3Key, { ...good, nonce: 'abcdefghijkm' })).toThrow(AeadDecryptionError);
    expect(() => decryptResource('X'.repeat(32), good)).toThrow(AeadDecryptionError);
    expect(() => decryptResource('short', good)).toThrow(/32 bytes/);
  });
});

describe('platform certificates', () => {
  it('routes certificate serials to their certificate and rejects an expired one', () => {
    const pem = `-----BEGIN CERTIFICATE-----
MIIDkzCCAnugAwIBAgIUUVfwnv3Alt4V6+gaRwV6cjL0oeIwDQYJKoZIhvcNAQEL
BQAwWTELMAkGA1UEBhMCQ04xGDAWBgNVBAoMD21pbmlwYXkgc2FuZGJveDETMBEG
A1UECwwKVGVucGF5LmNvbTEbMBkGA1UEAwwSVGVucGF5LmNvbSBSb290IENBMB4X
DTI2MTIwMjEyNTIwMFoXDTMxMTIwMjEyNTIwMFowWTELMAkGA1UEBhMCQ04xGDAW
BgNVBAoMD21pbmlwYXkgc2FuZGJveDETMBEGA1UECwwKVGVucGF5LmNvbTEbMBkG
A1UEAwwSVGVucGF5LmNvbSBSb290IENBMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A
MIIBCgKCAQEAzi1R6pBypB1zFmwoN29rucQ7QPCXn/c97LkbEj9giZHL9TvwWfH1
4RlWQu/xzWQ2sC9NULnYILN6Awxf8pKvp5fPF/DQliJ/YqXT6wTeSghG5Y8s07Eu
v6hMJcI8nQJAjWQWj9JYuj1goWpgjbsx1PCHKQU6Ui39JGPvDvRQXtp4ydDA7Thl
ekPqVqjj2yQUHgBmlLL8yA3w3LI7nva6Y+EYh92YvDbQH++urytklwgqPxGi8Rj3
edv0GRLM/64nIU1Ec8S5UWWtBM6lP+6OAtZBzLT7XK+Sbz9hyTz+angbse0hu1fl
sFOpObf7mN7EQFj0glqVa77vZMW6osO27QIDAQABo1MwUTAdBgNVHQ4EFgQUm4FY
IMnvHPTkI5FO5ys7lqd5MzAwHwYDVR0jBBgwFoAUm4FYIMnvHPTkI5FO5ys7lqd5
MzAwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAOk3qI74wAazj
bhw6/va5lKtv/VFnmi45lDal9yjyQ5it545o+9BFsNCKsLaw1W81WFPIdKfcE5HW
E0jV2gAi2ppHa3j53KCywgTB9n3Gh9ey9cWyEo0sLY2+eIqX7YyTn60by61vdoMb
JWKm/hGIRUrb6VN8prhMJgsRU78mOJW+ozrBwp8dzqj3ofAfEMb/4my+NN8QfX9K
qkVv5WA7t6TpxIcvtepfe3w4Wh1DBNLaHSXtqQOiyMS+qvUxYAM3SbBdtU+T0BjX
jr/xOyQX2Q6sQxi9ObX5tivHglaF7jgA5m7B2muGz7NqH/KkHrRo0hjtA1qqFuN2
FgQwzvnzKw==
-----END CERTIFICATE-----`;
    const cert = parsePlatformCertificate(pem);
    expect(cert.serialNo).toBe('5157F09EFDC096DE15EBE81A47057A7232F4A1E2');
    const keys = new WechatpayKeySet();
    keys.setCertificates([cert]);
    const inside = new Date(cert.notBefore.getTime() + 1000);
    expect(keys.keyFor('5157F09EFDC096DE15EBE81A47057A7232F4A1E2', inside)).toBe(cert.publicKey);
    expect(keys.keyFor('5157f09efdc096de15ebe81a47057a7232f4a1e2', inside)).toBe(cert.publicKey);
    expect(keys.keyFor('5157F09EFDC096DE15EBE81A47057A7232F4A1E2', new Date(cert.notAfter.getTime() + 1000))).toBeUndefined();
    expect(keys.keyFor('PUB_KEY_ID_0114232134912410000000000001', inside)).toBeUndefined();
  });
});

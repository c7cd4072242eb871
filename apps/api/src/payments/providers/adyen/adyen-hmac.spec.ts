import { hmacValidator as HmacValidator } from '@adyen/api-library';
import { adyenHmac, adyenSigningString, signAdyenItem, verifyAdyenSignature } from './adyen-hmac';

const library = new HmacValidator();

describe('Adyen notification HMAC', () => {
  // docs/providers.md §7: Adyen's own Ruby and Node library test vectors.
  it.each([
    [
      '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056',
      '7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true',
      'coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=',
    ],
    [
      'DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00',
      'pspReference:originalReference:merchantAccount:reference:1000:EUR:CAPTURE:true',
      'xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=',
    ],
    [
      '74F490DD33F7327BAECC88B2947C011FC02D014A473AAA33A8EC93E4DC069174',
      'M8NB66SBZSGLNK82::AntoniStroinski::slashes are fun:1000:EUR:AUTHORISATION:true',
      '2EQYm7YJpKO4EtHSPu55SQTyWf8dkW5u2nD1tJFpViA=',
    ],
  ])('public vector with key %s', (key, signingString, expected) => {
    expect(adyenHmac(key, signingString)).toBe(expected);
    expect(library.calculateHmac(signingString, key)).toBe(expected);
  });

  it('builds the first vector signing string from its item (missing originalReference → "")', () => {
    const item = {
      pspReference: '7914073381342284',
      merchantAccountCode: 'TestMerchant',
      merchantReference: 'TestPayment-1407325143704',
      amount: { value: 1130, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    };
    expect(adyenSigningString(item)).toBe('7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true');
    expect(signAdyenItem('44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056', item)).toBe('coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=');
  });

  const KEY = 'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6';
  const OTHER_KEY = '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF';
  const items = [
    {
      pspReference: 'PSP0000000000001',
      merchantAccountCode: 'MinipaySandboxECOM',
      merchantReference: 'ORD1-1',
      amount: { value: 1250, currency: 'HKD' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    },
    {
      pspReference: 'PSP0000000000002',
      merchantAccountCode: 'MinipaySandboxECOM',
      merchantReference: 'ORD:with:colons',
      amount: { value: 1250, currency: 'HKD' },
      eventCode: 'AUTHORISATION',
      success: 'false',
      reason: 'Refused',
    },
    {
      pspReference: 'PSP0000000000003',
      originalReference: 'PSP0000000000001',
      merchantAccountCode: 'MinipaySandboxECOM',
      merchantReference: 'refund-1',
      amount: { value: 500, currency: 'HKD' },
      eventCode: 'REFUND',
      success: 'true',
    },
    {
      pspReference: 'PSP0000000000004',
      merchantAccountCode: 'MinipaySandboxECOM',
      merchantReference: 'ORD4-1',
      amount: { value: 0, currency: 'JPY' },
      eventCode: 'AUTHORISATION',
      success: 'true',
    },
  ];

  it.each(items)('agrees with the library HmacValidator on $merchantReference ($eventCode)', (item) => {
    const ours = signAdyenItem(KEY, item);
    expect(ours).toBe(library.calculateHmac(item as never, KEY));
    expect(library.validateHMAC({ ...item, additionalData: { hmacSignature: ours } } as never, KEY)).toBe(true);
    expect(verifyAdyenSignature(item, ours, [KEY])).toBe(true);
  });

  it('keeps a colon inside the reference unescaped and an amount of 0 as "0"', () => {
    expect(adyenSigningString(items[1])).toBe('PSP0000000000002::MinipaySandboxECOM:ORD:with:colons:1250:HKD:AUTHORISATION:false');
    expect(adyenSigningString(items[3])).toContain(':0:JPY:');
  });

  it('verifies a signature made with any configured key (rotation)', () => {
    const signature = signAdyenItem(OTHER_KEY, items[0]);
    expect(verifyAdyenSignature(items[0], signature, [KEY])).toBe(false);
    expect(verifyAdyenSignature(items[0], signature, [KEY, OTHER_KEY])).toBe(true);
  });

  it('rejects a tampered amount, a missing or malformed signature', () => {
    const signature = signAdyenItem(KEY, items[0]);
    expect(verifyAdyenSignature({ ...items[0], amount: { value: 1, currency: 'HKD' } }, signature, [KEY])).toBe(false);
    expect(verifyAdyenSignature(items[0], undefined, [KEY])).toBe(false);
    expect(verifyAdyenSignature(items[0], '', [KEY])).toBe(false);
    expect(verifyAdyenSignature(items[0], 'not base64 at all', [KEY])).toBe(false);
  });
});

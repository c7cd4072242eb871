import { hmacValidator } from '@adyen/api-library';
import { adyenHmacOfString, adyenNotificationHmac, adyenSigningString, type AdyenNotificationRequestItem } from './hmac';

// Public vectors (docs/providers.md §7), from Adyen's Node and Ruby libraries' tests.
const VECTORS = [
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
] as const;

describe('Adyen notification HMAC', () => {
  it.each(VECTORS)('matches the public vector for key %s', (key, signing, expected) => {
    expect(adyenHmacOfString(key, signing)).toBe(expected);
  });

  it('builds the signing string from an item (missing originalReference is empty, no escaping of ":")', () => {
    const item: AdyenNotificationRequestItem = {
      pspReference: 'M8NB66SBZSGLNK82',
      merchantAccountCode: 'AntoniStroinski',
      merchantReference: ':slashes are fun',
      amount: { value: 1000, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      success: 'true',
      eventDate: '2024-01-01T00:00:00+00:00',
    };
    expect(adyenSigningString(item)).toBe(VECTORS[2][1]);
    expect(adyenNotificationHmac(VECTORS[2][0], item)).toBe(VECTORS[2][2]);
  });

  it('agrees with the official library HmacValidator', () => {
    const item: AdyenNotificationRequestItem = {
      pspReference: '7914073381342284',
      merchantAccountCode: 'TestMerchant',
      merchantReference: 'TestPayment-1407325143704',
      amount: { value: 1130, currency: 'EUR' },
      eventCode: 'AUTHORISATION',
      success: 'true',
      eventDate: '2024-01-01T00:00:00+00:00',
    };
    const signature = adyenNotificationHmac(VECTORS[0][0], item);
    expect(signature).toBe(VECTORS[0][2]);
    const validator = new hmacValidator();
    expect(validator.validateHMAC({ ...item, additionalData: { hmacSignature: signature } } as never, VECTORS[0][0])).toBe(true);
  });
});

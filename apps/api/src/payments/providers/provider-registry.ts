import type { Provider } from '@nestjs/common';
import { AppSettings } from '../../config/app-config';
import { AdyenPaymentProvider } from './adyen/adyen.adapter';
import { IntentsPaymentProvider } from './intents/intents.adapter';
import { WechatpayPaymentProvider } from './wechatpay/wechatpay.adapter';
import { ACTIVE_PAYMENT_PROVIDER, PAYMENT_PROVIDERS, PaymentProvider, PaymentProviderMap } from './payment-provider';

/** Every adapter we ship. Adding a provider = one class here; nothing else branches on provider names. */
export const PROVIDER_ADAPTERS = [IntentsPaymentProvider, AdyenPaymentProvider, WechatpayPaymentProvider];

export const providerRegistry: Provider[] = [
  ...PROVIDER_ADAPTERS,
  {
    provide: PAYMENT_PROVIDERS,
    inject: PROVIDER_ADAPTERS,
    useFactory: (...adapters: PaymentProvider[]): PaymentProviderMap => new Map(adapters.map((a) => [a.name, a])),
  },
  {
    provide: ACTIVE_PAYMENT_PROVIDER,
    inject: [PAYMENT_PROVIDERS, AppSettings],
    useFactory: (providers: PaymentProviderMap, settings: AppSettings): PaymentProvider => {
      const chosen = providers.get(settings.values.PAYMENT_PROVIDER);
      if (!chosen) throw new Error(`PAYMENT_PROVIDER=${settings.values.PAYMENT_PROVIDER} has no adapter`);
      return chosen;
    },
  },
];

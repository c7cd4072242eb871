import type { Config } from '@adyen/api-library';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { providerFetch, ProviderHttpOptions } from '../../../common/http/provider-http';
import { AdyenErrorBody } from './adyen.wire';

interface RequestOptions {
  method?: string;
  idempotencyKey?: string;
  headers?: unknown;
}

/**
 * The `ClientInterface` we give `new Client(config, httpClient)`. The library hard-codes
 * `https://checkout-test.adyen.com/v72` (live: `https://{prefix}-checkout-live.adyenpayments.com/checkout/v72`)
 * and its default client only speaks HTTPS to those hosts, with no retry policy of ours. This one keeps the
 * library's path (`/v72/payments/...`) but sends it to ADYEN_CHECKOUT_URL over fetch through providerFetch:
 * explicit timeout, bounded retries on network errors and 5xx (safe: every POST carries an Idempotency-Key),
 * and our ProviderTimeoutError / ProviderUnavailableError / ProviderRejectedError instead of the library's
 * HttpClientException. The errors pass through the library untouched (it does not catch).
 */
/** The version the library is built for; paths sent outside it use the same one. */
const LIBRARY_BASE = 'https://checkout-test.adyen.com/v72';

export class AdyenHttpClient {
  private readonly base: string;
  constructor(
    checkoutUrl: string,
    private readonly apiKey: string,
    private readonly options: ProviderHttpOptions,
  ) {
    this.base = adyenCheckoutBase(checkoutUrl);
  }

  async request(endpoint: string, json: string | Buffer, config: Config, _isApiKeyRequired: boolean, requestOptions: RequestOptions = {}): Promise<string> {
    const url = new URL(endpoint);
    // Live URLs carry a `/checkout` segment before the version; test URLs do not.
    const path = url.pathname.replace(/^\/checkout(?=\/v\d+\/)/, '');
    const operation = operationOf(path);
    const text = json.toString();
    const headers: Record<string, string> = { 'x-api-key': config.apiKey ?? '' };
    if (requestOptions.idempotencyKey) headers['idempotency-key'] = requestOptions.idempotencyKey;
    const reply = await providerFetch(
      {
        operation,
        method: requestOptions.method === 'GET' ? 'GET' : 'POST',
        url: `${this.base}${path}${url.search}`,
        headers,
        body: text === '' ? undefined : JSON.parse(text),
      },
      this.options,
    );
    if (reply.status >= 400) {
      const error = AdyenErrorBody.safeParse(reply.body);
      const code = error.success ? (error.data.errorCode ?? reply.status) : reply.status;
      const message = error.success ? (error.data.message ?? `HTTP ${reply.status}`) : `HTTP ${reply.status}`;
      throw new ProviderRejectedError(operation, code, message, reply.status);
    }
    return reply.body === undefined ? '' : JSON.stringify(reply.body);
  }

  /**
   * POST to a Checkout endpoint (`/payments`) outside the library, answering Adyen's reply as sent: the
   * library's model of a /payments reply drops fields we need (a redirect action's `paymentData`).
   */
  async post(path: string, body: unknown, idempotencyKey: string): Promise<unknown> {
    const text = await this.request(`${LIBRARY_BASE}${path}`, JSON.stringify(body), { apiKey: this.apiKey } as Config, true, { idempotencyKey });
    return text === '' ? undefined : JSON.parse(text);
  }
}

/**
 * ADYEN_CHECKOUT_URL without a trailing API version: the library appends its own (`/v72/...`), so both
 * `http://host/adyen/checkout` and `http://host/adyen/checkout/v71` configure the same base.
 */
export function adyenCheckoutBase(checkoutUrl: string): string {
  return checkoutUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

function operationOf(path: string): string {
  if (/\/payments\/details$/.test(path)) return 'adyen.details';
  if (/\/refunds$/.test(path)) return 'adyen.refund';
  if (/\/cancels$/.test(path)) return 'adyen.cancel';
  if (/\/payments$/.test(path)) return 'adyen.create';
  return `adyen${path.replace(/^\/v\d+/, '').replace(/\//g, '.')}`;
}

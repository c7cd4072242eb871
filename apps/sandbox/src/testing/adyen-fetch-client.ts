import { HttpClientException, type Config } from '@adyen/api-library';

/**
 * The official library hard-codes `https://checkout-test.adyen.com/v72` (a fresh service per
 * CheckoutAPI getter) and its default HttpURLConnectionClient always uses `https.request`, so it cannot
 * reach `http://127.0.0.1:4010`. This ClientInterface rewrites the Adyen origin to a configurable base
 * URL (`http://127.0.0.1:4010/adyen/checkout`) and sends the same headers over fetch. The API can do the
 * same: `new Client(config, new FetchHttpClient(baseUrl))`.
 */
export class FetchHttpClient {
  constructor(private readonly baseUrl: string) {}

  async request(
    endpoint: string,
    json: string | Buffer,
    config: Config,
    _isApiKeyRequired: boolean,
    requestOptions: { method?: string; idempotencyKey?: string; headers?: Record<string, string> } = {},
  ): Promise<string> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'X-API-Key': config.apiKey ?? '',
      ...(requestOptions.idempotencyKey ? { 'Idempotency-Key': requestOptions.idempotencyKey } : {}),
      ...requestOptions.headers,
    };
    const url = new URL(endpoint);
    // Live URLs carry a `/checkout` segment before the version; test URLs do not.
    const target = this.baseUrl.replace(/\/$/, '') + url.pathname.replace(/^\/checkout(?=\/v\d+\/)/, '') + url.search;
    const res = await fetch(target, { method: requestOptions.method ?? 'POST', headers, body: json.toString() });
    const body = await res.text();
    if (!res.ok) {
      const apiError = JSON.parse(body) as { status: number; errorCode: string; message: string };
      throw new HttpClientException({ message: apiError.message, statusCode: apiError.status, errorCode: apiError.errorCode, responseBody: body });
    }
    return body;
  }
}

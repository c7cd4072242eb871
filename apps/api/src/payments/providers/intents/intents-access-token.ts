import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { providerFetch, ProviderHttpOptions } from '../../../common/http/provider-http';
import { AccessTokenData, Envelope } from './intents.wire';

/**
 * (ours, docs/providers.md §3) client_id + api_key → bearer access token with an expiry. Cached, refreshed a minute
 * before expiry, and fetched once however many requests need it at the same moment.
 */
export class IntentsAccessToken {
  private token: { value: string; refreshAt: number } | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly clientId: string,
    private readonly apiKey: string,
    private readonly http: ProviderHttpOptions,
  ) {}

  async get(): Promise<string> {
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Forget the cached token (the provider answered 401 with it). */
  invalidate(): void {
    this.token = null;
  }

  private async fetchToken(): Promise<string> {
    const reply = await providerFetch(
      {
        operation: 'intents.access_token',
        method: 'POST',
        url: `${this.baseUrl}/authentication/access_token`,
        body: { client_id: this.clientId, api_key: this.apiKey },
      },
      this.http,
    );
    const envelope = Envelope.safeParse(reply.body);
    const data = envelope.success && envelope.data.code === 0 ? AccessTokenData.safeParse(envelope.data.data) : null;
    if (!data?.success) {
      const code = envelope.success ? envelope.data.code : reply.status;
      throw new ProviderRejectedError(
        'intents.access_token',
        code,
        'could not obtain an access token (check INTENTS_CLIENT_ID / INTENTS_API_KEY)',
        reply.status,
      );
    }
    const lifetimeMs = data.data.expires_in * 1000;
    this.token = { value: data.data.access_token, refreshAt: Date.now() + Math.max(lifetimeMs - 60_000, lifetimeMs / 2) };
    return this.token.value;
  }
}

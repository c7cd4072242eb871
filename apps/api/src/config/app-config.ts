import type { AppConfig } from './config.schema';

/**
 * The validated configuration as an injectable. An abstract class doubles as DI token and type, so services
 * ask for `AppSettings` instead of reaching into process.env.
 */
export abstract class AppSettings {
  abstract readonly values: AppConfig;
}

export class StaticAppSettings extends AppSettings {
  constructor(readonly values: AppConfig) {
    super();
  }
}

import { loadConfig, SANDBOX_TEST_SECRETS } from '../config/config.schema';
import { productionSecrets } from '../../test/support/production-secrets';
import { majorUnits } from './console-orders.service';

describe('console settings', () => {
  const realSecrets = productionSecrets();
  const production = { ...realSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com' };

  it('refuses the dev bootstrap password in production, and accepts a real one', () => {
    expect(() => loadConfig({ ...production, CONSOLE_BOOTSTRAP_PASSWORD: SANDBOX_TEST_SECRETS.CONSOLE_BOOTSTRAP_PASSWORD })).toThrow(
      /CONSOLE_BOOTSTRAP_PASSWORD: is the sandbox placeholder/,
    );
    expect(loadConfig(production).CONSOLE_BOOTSTRAP_PASSWORD).toBe(realSecrets.CONSOLE_BOOTSTRAP_PASSWORD);
  });

  it('refuses a short bootstrap password', () => {
    expect(() => loadConfig({ CONSOLE_BOOTSTRAP_PASSWORD: 'short' })).toThrow(/CONSOLE_BOOTSTRAP_PASSWORD/);
  });
});

describe('majorUnits (CSV amounts)', () => {
  it.each([
    [1250, 'HKD', '12.50'],
    [5, 'HKD', '0.05'],
    [1250, 'JPY', '1250'],
    [1250, 'KWD', '1.250'],
  ])('%i minor units of %s are %s', (minor, currency, text) => {
    expect(majorUnits(minor, currency)).toBe(text);
  });
});

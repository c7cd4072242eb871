import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { MoneySafety1764200000000 } from './1764200000000-money-safety';
import { ConsoleOperators1764700000000 } from './1764700000000-console-operators';
import { SecurityEvents1796216128714 } from './1796216128714-security-events';
import { GrowthIndexes1796226169364 } from './1796226169364-growth-indexes';

/** PostgreSQL migrations, in order. Generate new ones with `pnpm --filter @minipay/api migration:generate`. */
export const POSTGRES_MIGRATIONS = [
  InitialSchema1764100000000,
  MoneySafety1764200000000,
  ConsoleOperators1764700000000,
  SecurityEvents1796216128714,
  GrowthIndexes1796226169364,
];

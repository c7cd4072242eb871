import { Column, ColumnOptions, ValueTransformer } from 'typeorm';

/**
 * Instants are stored as epoch milliseconds in a BIGINT: the same exact value on SQLite and PostgreSQL, with
 * no time-zone conversion by either driver (pg returns BIGINT as a string, hence the transformer).
 */
const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

export function InstantColumn(options: Pick<ColumnOptions, 'nullable' | 'name'> = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: epochMs, ...options });
}

/** Integer minor units (BIGINT so large JPY/KRW totals fit); pg returns BIGINT as a string. */
const integerNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value == null ? null : Number(value)),
};

export function MinorUnitsColumn(options: Pick<ColumnOptions, 'name' | 'default' | 'nullable'> = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: integerNumber, ...options });
}

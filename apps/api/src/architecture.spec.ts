import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The layout rules of docs/architecture.md, checked on the source: feature folders never import each other
 * in a cycle, and each table is registered (TypeOrmModule.forFeature) and touched through its repository
 * by exactly one folder, the one that owns it.
 */
const SRC = __dirname;
/** Shared plumbing every feature may use; it imports no feature. */
const SHARED = new Set(['common', 'config']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({ path, folder: relative(SRC, path).split(sep)[0], text: readFileSync(path, 'utf8') }));
const features = [...new Set(files.map((f) => f.folder))].filter((folder) => !folder.endsWith('.ts') && !SHARED.has(folder));

function importedFolders(file: { path: string; text: string }): string[] {
  const targets = [...file.text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => relative(SRC, join(file.path, '..', m[1])).split(sep)[0]);
  return [...new Set(targets)];
}

function featureGraph(): Map<string, Set<string>> {
  const graph = new Map(features.map((f) => [f, new Set<string>()]));
  for (const file of files) {
    if (!graph.has(file.folder)) continue;
    for (const target of importedFolders(file)) if (target !== file.folder && graph.has(target)) graph.get(file.folder)!.add(target);
  }
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('architecture', () => {
  it('feature folders import each other without cycles', () => {
    expect(findCycle(featureGraph())).toBeNull();
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['orders', new Set(['payments'])],
      ['payments', new Set(['orders'])],
    ]);
    expect(findCycle(graph)).toEqual(['orders', 'payments', 'orders']);
  });

  it('shared plumbing (common/, config/) imports no feature folder', () => {
    const offenders = files
      .filter((f) => SHARED.has(f.folder))
      .flatMap((f) =>
        importedFolders(f)
          .filter((t) => features.includes(t))
          .map((t) => `${relative(SRC, f.path)} → ${t}`),
      );
    // The data source lists every entity (TypeORM needs them all for migrations); nothing else may reach out.
    expect(offenders.filter((o) => !o.startsWith(join('common', 'database')))).toEqual([]);
  });

  const entities = files.flatMap((f) =>
    [...f.text.matchAll(/@Entity\('(\w+)'\)\s*(?:@[^\n]+\s*)*export class (\w+)/g)].map((m) => ({ table: m[1], entity: m[2], owner: f.folder })),
  );

  it('knows the tables', () => {
    expect(entities.map((e) => e.table).sort()).toEqual(
      expect.arrayContaining(['orders', 'payments', 'refunds', 'webhook_events', 'outbox_messages', 'users', 'products']),
    );
  });

  it.each(entities.map((e) => [e.table, e] as const))('%s is registered and used through its repository only by its owner', (_table, { entity, owner }) => {
    const registeredIn = files.filter((f) => new RegExp(`forFeature\\(\\[[^\\]]*\\b${entity}\\b`).test(f.text)).map((f) => f.folder);
    expect(registeredIn).toEqual([owner]);
    // Read models (the console's lists) may query a table through the DataSource; writing it, injecting its
    // repository or registering it is the owner's alone.
    const repositoryUse = new RegExp(
      `(InjectRepository\\(${entity}\\)|getRepository\\(${entity}\\)|Repository<${entity}>|\\.(insert|update|delete|save|remove|upsert|increment|decrement|softDelete)\\(\\s*${entity}\\b)`,
    );
    const users = [...new Set(files.filter((f) => repositoryUse.test(f.text)).map((f) => f.folder))];
    expect(users).toEqual([owner]);
  });

  // The hot path writes some tables with hand-written SQL (common/database/sql.ts): the same rule applies to it.
  it.each(entities.map((e) => [e.table, e] as const))('%s is written by hand-written SQL only in its owner', (table, { owner }) => {
    const rawWrite = new RegExp(`\\b(INSERT INTO|UPDATE|DELETE FROM)\\s+${table}\\b`);
    const writers = [...new Set(files.filter((f) => rawWrite.test(f.text)).map((f) => f.folder))];
    expect(writers.filter((folder) => folder !== owner)).toEqual([]);
  });
});

// Remembers what the solution paths are computed from and what they answer (issue #16): the
// catalogue-wide part (one per catalogue version, world and national concentration), who runs
// what in a world, a municipality's context and its exit paths and scenario comparisons. Every
// key holds the stamps the answer depends on, read from the database on each request
// (repositories/cache-stamps.repository.ts), so an entry can never be served after its inputs
// changed, on any app server: a changed input is a different key, and the old entry ages out
// of a bounded least-recently-used map. The values live in this process's memory only.
// Nothing is remembered inside a transaction (its reads may see rows it will roll back).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../repositories/db-types.ts';

export type CacheKind = 'catalogue' | 'world' | 'version' | 'candidates' | 'context' | 'exitPaths' | 'comparison';

/** How many entries of each kind one database handle keeps. */
const LIMITS: Record<CacheKind, number> = { catalogue: 2, world: 2, version: 1_000, candidates: 12, context: 12, exitPaths: 256, comparison: 256 };

interface Counts {
  /** Answered from memory. */
  hits: number;
  /** Computed (a first request, or one after a change). */
  loads: number;
}

type Caches = Record<CacheKind, Map<string, Promise<unknown>>>;

const byDatabase = new WeakMap<object, Caches>();
const counts = Object.fromEntries((['catalogue', 'world', 'version', 'candidates', 'context', 'exitPaths', 'comparison'] as const).map((k) => [k, { hits: 0, loads: 0 }])) as Record<CacheKind, Counts>;

function cachesOf(db: Kysely<Database>): Caches {
  let caches = byDatabase.get(db);
  if (!caches) {
    caches = { catalogue: new Map(), world: new Map(), version: new Map(), candidates: new Map(), context: new Map(), exitPaths: new Map(), comparison: new Map() };
    byDatabase.set(db, caches);
  }
  return caches;
}

/**
 * `load()`'s answer for `key`, from memory when this handle answered it before. A load in
 * progress is shared by the requests that ask meanwhile; a failed one is not remembered.
 */
export async function remembered<T>(db: Db, kind: CacheKind, key: string, load: () => Promise<T>): Promise<T> {
  if (db.isTransaction) return load();
  const cache = cachesOf(db as Kysely<Database>)[kind];
  const known = cache.get(key);
  if (known) {
    counts[kind].hits++;
    // Most recently used last.
    cache.delete(key);
    cache.set(key, known);
    return known as Promise<T>;
  }
  counts[kind].loads++;
  const loading = load();
  cache.set(key, loading);
  if (cache.size > LIMITS[kind]) cache.delete(cache.keys().next().value!);
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key);
  });
  return loading;
}

/** Hits and loads per kind since the process started (tests observe invalidation through them). */
export function solutionCacheCounts(): Record<CacheKind, Counts> {
  return structuredClone(counts);
}

/** A key part for a JSON value that does not depend on the order its object keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

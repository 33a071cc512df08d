// One inventory version's usage scores as columns, the form they travel in from a worker thread
// of the national recomputation to the thread that writes them: a Float64Array per number
// column and, per text column, its distinct values joined into one string with a number per row.
// Posting ~10,000 row arrays of repeated strings (model version, dates, bands, flags) made the
// receiving thread build as many objects again, and V8 let them pile up; typed arrays are
// transferred without a copy and live outside the heap, and a repeated text is held once.
import type { Database } from '../db/schema.ts';

/** usage_scores' columns, in the order a UsageScoreRow holds them. */
export const USAGE_SCORE_COLUMNS = [
  'usage_id',
  'inventory_version_id',
  'municipality_code',
  'model_version',
  'as_of',
  'lockin',
  'lockin_optimistic',
  'band',
  'exposure',
  'priority',
  'confidence',
  'flags',
  'next_exit',
  'explanation',
] as const satisfies readonly (keyof Database['usage_scores'])[];

/** One usage's stored score as a row of values (USAGE_SCORE_COLUMNS). */
export type UsageScoreRow = [number, number, number, string, string, number, number, string, number, number, number, string, string | null, string];

/** The text columns (next_exit may be null); the others hold numbers. */
const TEXT_COLUMNS: ReadonlySet<(typeof USAGE_SCORE_COLUMNS)[number]> = new Set(['model_version', 'as_of', 'band', 'flags', 'next_exit', 'explanation']);
const IS_TEXT = USAGE_SCORE_COLUMNS.map((c) => TEXT_COLUMNS.has(c));

/** A text column: its distinct values joined, where each ends, and per row its value's number (-1: null). */
interface TextColumn {
  joined: string;
  ends: Uint32Array;
  index: Int32Array;
}

/** The rows of one version's usage scores, column by column (plain data: posted between threads as it is). */
export interface UsageScoreColumns {
  count: number;
  /** Per column of USAGE_SCORE_COLUMNS: a number column's values or a text column. */
  columns: (Float64Array | TextColumn)[];
}

/** Collects rows into columns; `capacity` is the expected number of rows (it grows past it if needed). */
export class UsageScoreColumnsBuilder {
  private count = 0;
  private capacity: number;
  private readonly numbers: (Float64Array | null)[];
  private readonly indexes: (Int32Array | null)[];
  private readonly dictionaries: (Map<string, number> | null)[];

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.numbers = IS_TEXT.map((text) => (text ? null : new Float64Array(this.capacity)));
    this.indexes = IS_TEXT.map((text) => (text ? new Int32Array(this.capacity) : null));
    this.dictionaries = IS_TEXT.map((text) => (text ? new Map<string, number>() : null));
  }

  push(row: UsageScoreRow): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      const dictionary = this.dictionaries[c];
      if (!dictionary) {
        this.numbers[c]![i] = value as number;
        continue;
      }
      let k = -1;
      if (value !== null) {
        k = dictionary.get(value as string) ?? -1;
        if (k < 0) dictionary.set(value as string, (k = dictionary.size));
      }
      this.indexes[c]![i] = k;
    }
  }

  private grow(): void {
    this.capacity *= 2;
    const larger = <A extends Float64Array | Int32Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(this.capacity);
      b.set(a);
      return b;
    };
    for (let c = 0; c < IS_TEXT.length; c++) {
      if (this.numbers[c]) this.numbers[c] = larger(this.numbers[c]!);
      if (this.indexes[c]) this.indexes[c] = larger(this.indexes[c]!);
    }
  }

  /** The columns, each array exactly `count` long in a buffer of its own (so it can be transferred). */
  build(): UsageScoreColumns {
    const n = this.count;
    const exact = <A extends Float64Array | Int32Array>(a: A): A => (a.length === n ? a : (a.slice(0, n) as A));
    const columns = IS_TEXT.map((text, c): Float64Array | TextColumn => {
      if (!text) return exact(this.numbers[c]!);
      const values = [...this.dictionaries[c]!.keys()];
      const ends = new Uint32Array(values.length);
      let end = 0;
      values.forEach((v, k) => (ends[k] = end += v.length));
      return { joined: values.join(''), ends, index: exact(this.indexes[c]!) };
    });
    return { count: n, columns };
  }
}

/** A number column (a typed array from whichever thread's realm: no instanceof). */
const isNumbers = (col: Float64Array | TextColumn): col is Float64Array => ArrayBuffer.isView(col);

/** The buffers of the columns' arrays: posted in a message's transfer list, they move without a copy. */
export function columnBuffers(c: UsageScoreColumns): ArrayBuffer[] {
  return c.columns.flatMap((col) => (isNumbers(col) ? [col.buffer] : [col.ends.buffer, col.index.buffer])) as ArrayBuffer[];
}

/**
 * The rows again, one at a time, in ONE array that each step overwrites (use a row before the
 * next, or copy it): writing them creates no row per usage.
 */
export function* usageScoreRows(c: UsageScoreColumns): Generator<UsageScoreRow> {
  const texts = c.columns.map((col) => {
    if (isNumbers(col)) return null;
    const values: string[] = new Array<string>(col.ends.length);
    for (let k = 0; k < col.ends.length; k++) values[k] = col.joined.slice(k === 0 ? 0 : col.ends[k - 1], col.ends[k]);
    return values;
  });
  const row = new Array<unknown>(c.columns.length);
  for (let i = 0; i < c.count; i++) {
    for (let col = 0; col < c.columns.length; col++) {
      const column = c.columns[col]!;
      if (isNumbers(column)) row[col] = column[i]!;
      else {
        const k = column.index[i]!;
        row[col] = k < 0 ? null : texts[col]![k]!;
      }
    }
    yield row as UsageScoreRow;
  }
}

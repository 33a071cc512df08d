// The reference files exit paths match by (issue #14): KLE numbers → function terms
// (kle-functions.csv) and the pairs never to propose (function-wrong-pairs.csv). Read once per
// process; the reference loader refuses a broken file before it is ever read here.
import { join } from 'node:path';
import type { KleFunction, WrongPair } from '../solutions/functions.ts';
import { REFERENCE_DIR } from './load-reference.ts';
import { readCsv } from './read-csv.ts';
import { functionWrongPairRow, kleFunctionRow } from './schemas.ts';

let cached: { kle: KleFunction[]; wrongPairs: WrongPair[] } | null = null;

export function functionMatchingData(dir = REFERENCE_DIR): { kle: KleFunction[]; wrongPairs: WrongPair[] } {
  if (dir !== REFERENCE_DIR) return read(dir);
  cached ??= read(dir);
  return cached;
}

function read(dir: string) {
  return {
    kle: readCsv(join(dir, 'kle-functions.csv'), kleFunctionRow).map((r) => ({ kle: r.kle, function: r.function })),
    wrongPairs: readCsv(join(dir, 'function-wrong-pairs.csv'), functionWrongPairRow).map((r) => ({
      subject: `${r.subject.kind}:${r.subject.value}`,
      other: `${r.other.kind}:${r.other.value}`,
    })),
  };
}

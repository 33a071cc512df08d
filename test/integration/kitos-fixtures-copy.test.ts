// The KITOS API v2 fixtures the tests serve (test/fixtures/kitos-api-v2) are a copy of the shared
// reference set (../shared/reference/kitos-api-v2), kept in the repository so a clean clone's
// tests have them. Where the shared set is present, the copy must be byte-identical to it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../helpers/kitos-api.ts';

const SHARED = fileURLToPath(new URL('../../../shared/reference/kitos-api-v2/', import.meta.url));
const present = (() => {
  try {
    return statSync(SHARED).isDirectory();
  } catch {
    return false;
  }
})();

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(dir, f))
    .sort();
}

describe.skipIf(!present)('KITOS API fixtures: the copy equals ../shared/reference/kitos-api-v2', () => {
  it('has the same files', () => {
    expect(files(FIXTURE_DIR)).toEqual(files(SHARED));
  });
  it.each(present ? files(SHARED) : [])('%s is byte-identical', (f) => {
    expect(readFileSync(join(FIXTURE_DIR, f)).equals(readFileSync(join(SHARED, f)))).toBe(true);
  });
});

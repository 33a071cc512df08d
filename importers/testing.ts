// Test helpers for the importer tests: fixture paths, re-encoding, xlsx building, golden files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

export const FIXTURES = fileURLToPath(new URL('../test/fixtures/importers/', import.meta.url));

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function fixtureText(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8').replace(/^\ufeff/, '');
}

/** Re-encodes text the way other tools would have written it. */
export function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le-bom' | 'utf-16le' | 'utf-16be-bom'): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\ufeff${text}`);
    case 'windows-1252':
      return new Uint8Array(iconv.encode(text, 'win1252'));
    case 'utf-16le-bom':
      return new Uint8Array(iconv.encode(`\ufeff${text}`, 'utf16-le'));
    case 'utf-16le':
      return new Uint8Array(iconv.encode(text, 'utf16-le'));
    case 'utf-16be-bom':
      return new Uint8Array(iconv.encode(`\ufeff${text}`, 'utf16-be'));
  }
}

/** Feeds bytes as a stream in chunks of `size` (1 = byte by byte), as a slow upload would arrive. */
export async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.slice(o, o + size);
}

/**
 * Compares `actual` with a golden JSON file. A missing golden file is written (first run); a
 * different one gets a `.changed.json` beside it for review, and the comparison fails.
 */
export function matchGolden(name: string, actual: unknown): { expected: string; actual: string; changedFile: string } {
  const golden = `${FIXTURES}golden/${name}.golden.json`;
  const changed = `${FIXTURES}golden/${name}.changed.json`;
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (!existsSync(golden)) writeFileSync(golden, text);
  const expected = readFileSync(golden, 'utf8');
  if (expected !== text) writeFileSync(changed, text);
  return { expected, actual: text, changedFile: changed };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from './rules.ts';

const methodology = readFileSync(fileURLToPath(new URL('../../../docs/methodology.md', import.meta.url)), 'utf8');

describe('rule catalogue', () => {
  it.each(Object.entries(rules))('%s has Danish and English text and is documented', (id, text) => {
    expect(text.da.trim().length).toBeGreaterThan(5);
    expect(text.en.trim().length).toBeGreaterThan(5);
    expect(methodology).toContain(`\`${id}\``);
  });
});

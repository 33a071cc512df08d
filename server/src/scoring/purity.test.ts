// The scoring engine is a pure core (STYLE.md habit 8): it may import only zod, the domain
// vocabulary, the pure da-DK/en-GB number and date formatter (its explanations state numbers the
// way pages do) and its own modules, and must never read the clock.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('.', import.meta.url));
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('test-'));

describe('purity of server/src/scoring', () => {
  it.each(modules)('%s imports only zod, the vocabulary, the formatter and scoring modules', (file) => {
    const src = readFileSync(dir + file, 'utf8');
    const specifiers = [...src.matchAll(/^\s*(?:import|export)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
    for (const s of specifiers) {
      expect(s === 'zod' || s === '../domain/vocabulary.ts' || s === '../domain/format.ts' || /^\.\/[\w-]+\.(ts|json)$/.test(s) || /^\.\/models\/[\w.-]+\.json$/.test(s), `${file} imports ${s}`).toBe(true);
    }
  });

  it.each(modules)('%s never reads the clock or the environment', (file) => {
    const src = readFileSync(dir + file, 'utf8');
    expect(src).not.toMatch(/new Date\(\s*\)/);
    expect(src).not.toMatch(/Date\.now\(/);
    expect(src).not.toMatch(/process\./);
    expect(src).not.toMatch(/Math\.random\(/);
  });
});

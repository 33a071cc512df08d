// The README's "Kom i gang" / "First steps" (issue #13): every `handlefrihed …` command it tells a
// municipality's team to type is a real subcommand with real options (checked against the CLI's own
// usage text, as `handlefrihed help` prints it), and every page it names is a page of the web app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../web/src/routes.ts';
import { runCli } from '../helpers/cli.ts';

const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');

/** The text of the section under `## heading`, up to the next `## `. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

const sections = { 'Kom i gang': section('Kom i gang'), 'First steps': section('First steps') };
const inline = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.trim());
const commands = [...new Set(Object.values(sections).flatMap((s) => inline(s).filter((c) => /^handlefrihed [a-z]/.test(c))))];
const pages = [...new Set(Object.values(sections).flatMap((s) => inline(s).filter((c) => /^\/\S*$/.test(c))))];

const usage = (() => {
  const r = runCli(['help']);
  expect(r.code, r.err).toBe(0);
  return r.out;
})();

/** The usage lines of one command: the lines that start with it (two spaces in) and their continuation lines. */
function usageOf(command: string): string {
  const lines = usage.split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) inside = line.startsWith(`  ${command} `) || line === `  ${command}`;
    else if (!/^ {3,}\S/.test(line)) inside = false;
    if (inside) out.push(line);
  }
  return out.join('\n');
}

describe('the README opens with first steps for a municipality', () => {
  it('has "Kom i gang" and "First steps" right after the introduction, before "Two commands"', () => {
    const order = ['## Kom i gang', '## First steps', '## Two commands'].map((h) => readme.indexOf(`\n${h}\n`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Nothing but the two intro paragraphs and the status note before it.
    expect(readme.slice(0, order[0]).match(/\n## /g)).toBeNull();
  });

  it('names a command and a page in both languages, for every step', () => {
    for (const [name, text] of Object.entries(sections)) {
      expect(inline(text).filter((c) => c.startsWith('handlefrihed ')).length, name).toBeGreaterThanOrEqual(8);
      for (const page of ['/', '/kommuner/101/import', '/kommuner/101', '/kommuner/101/exitveje', '/kommuner/101/rapport']) expect(inline(text), `${name}: ${page}`).toContain(page);
      for (const c of ['npm install && npm start', 'handlefrihed demo remove', 'DELETE /api/v1/demo']) expect(inline(text), `${name}: ${c}`).toContain(c);
      expect(text, name).toMatch(/`handlefrihed user add \S+ --role admin`/);
      expect(text, name).toMatch(/`handlefrihed user add \S+ --role architect --municipality \d{3}`/);
      expect(text, name).toMatch(/`handlefrihed import \S+ --municipality \d{3}/);
    }
  });

  it.each(pages)('page %s exists in the web app', (page) => {
    expect(matchRoute(page), page).not.toBeNull();
  });

  it.each(commands)('`%s` is a real command with real options', (command) => {
    const tokens = command.split(/\s+/).slice(1);
    const [name, second] = tokens;
    const lines = usageOf(name!);
    expect(lines, `the usage text has no command "${name}"`).not.toBe('');
    // A bare lower-case word after the command is its subcommand (user add, demo remove, imports list)
    // or a value the usage lists (export usages); file names and placeholders are not checked.
    if (second && /^[a-z]+$/.test(second)) expect(lines, `"${name} ${second}" is not in the usage text`).toMatch(new RegExp(`\\b${second}\\b`));
    for (const option of tokens.filter((t) => t.startsWith('--'))) {
      const flag = option.split('=')[0]!;
      if (flag === '--as') expect(usage).toContain('--as EMAIL');
      else expect(lines, `${name} has no option ${flag}`).toContain(flag);
    }
  });
});

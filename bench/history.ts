// npm run bench:history — does history slow the present down? On one served SQLite database:
//   fresh: the demo data, then a system page (GET /usages/{id}/score), an exit-path list and a
//          report (the report page's requests, in parallel as the page makes them) for the
//          largest municipality;
//   after: ten large imports of ANOTHER municipality (each a new inventory version of --rows
//          usages with scores) and a rollback to its first (demo) version — the same requests again.
// Every request is signed in as an admin (created with `handlefrihed user add`), before and after.
// Every version stays in the database; the pages read the current inventories only, so `after`
// should answer as `fresh` does (target ≤ 1.2×). Ratios are medians within the same run.
// A page answering in 10–30 ms varies by ±2× between minutes on a shared machine, so each figure
// is the median (and the fastest) of 21 answers.
// Usage: npm run bench:history [-- --rows 300000 --imports 10 --repeat 21]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './danish-inventory.ts';
import { freePort, waitFor } from './server-process.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '300000' },
    imports: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '21' },
    /** The municipality that gets the history (Frederiksberg); the pages measured are the largest one's. */
    municipality: { type: 'string', default: '147' },
    /** Keep the database (and print its path) for EXPLAIN work. */
    keep: { type: 'boolean', default: false },
  },
});

const V8_FLAGS = ['--max-semi-space-size=4'];

function cli(env: NodeJS.ProcessEnv, ...args: string[]): string {
  const r = spawnSync(process.execPath, [...V8_FLAGS, 'bin/handlefrihed.js', ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`handlefrihed ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout.slice(-2000)}`);
  return r.stdout;
}

/** The signed-in session's cookie, sent with every request (after real imports, anonymous reads get 401). */
let session: Record<string, string> = {};

/** Signs in as the bench's admin (POST /auth/login, as the browser does) and keeps the session cookie. */
async function signIn(base: string, email: string, password: string): Promise<void> {
  const r = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (r.status !== 200) throw new Error(`sign-in as ${email} failed: ${r.status} ${(await r.text()).slice(0, 300)}`);
  const cookie = r.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('sign-in answered no session cookie');
  await r.arrayBuffer();
  session = { cookie };
}

async function getJson<T>(url: string): Promise<T> {
  const r = await fetch(url, { headers: session });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  return (await r.json()) as T;
}

async function get(url: string): Promise<void> {
  const r = await fetch(url, { headers: session });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  await r.arrayBuffer();
}

interface Timing {
  first: number;
  median: number;
  fastest: number;
}

/** The first answer (nothing remembered yet) and the median of `repeat` answers, in ms. */
async function time(fn: () => Promise<unknown>): Promise<Timing> {
  const xs: number[] = [];
  for (let i = 0; i < Number(values.repeat); i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  const sorted = xs.slice().sort((a, b) => a - b);
  return { first: xs[0]!, median: sorted[Math.floor(sorted.length / 2)]!, fastest: sorted[0]! };
}

async function main(): Promise<void> {
  const rows = Number(values.rows);
  const imports = Number(values.imports);
  const code = Number(values.municipality);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-history-'));
  const env = { DATABASE_URL: join(dir, 'history.db') };
  let server: ChildProcess | undefined;
  try {
    console.log(`# bench:history — ${new Date().toISOString()}, node ${process.version}, ${imports} imports × ${rows.toLocaleString('en-US')} rows into municipality ${code} and a rollback; medians of ${values.repeat}`);
    cli(env, 'demo', 'reset');
    // An admin reads every municipality; created with the CLI, the password read from its output (shown once).
    const email = 'bench-history@kommune.dk';
    const password = /shown once\): (\S+)/.exec(cli(env, 'user', 'add', email, '--role', 'admin', '--name', 'bench:history'))?.[1];
    if (!password) throw new Error('user add printed no password');
    const port = await freePort();
    server = spawn(process.execPath, [...V8_FLAGS, 'bin/handlefrihed.js', 'serve'], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
    const base = `http://127.0.0.1:${port}/api/v1`;
    await waitFor(`http://127.0.0.1:${port}/api/health`, server, 300_000);
    await signIn(base, email, password);

    const municipalities = await getJson<{ items: { code: number; name: string; usageCount: number }[] }>(`${base}/municipalities`);
    const largest = municipalities.items.filter((m) => m.code !== code).reduce((a, b) => (b.usageCount > a.usageCount ? b : a));
    const systems = await getJson<{ items: { usageId: number }[] }>(`${base}/municipalities/${largest.code}/systems?limit=1`);
    const usageId = systems.items[0]!.usageId;
    const cases: [string, () => Promise<unknown>][] = [
      [`system page: /usages/${usageId}/score`, () => get(`${base}/usages/${usageId}/score`)],
      [`exit paths: /municipalities/${largest.code}/exit-paths`, () => get(`${base}/municipalities/${largest.code}/exit-paths`)],
      [
        'report: its five requests in parallel',
        () =>
          Promise.all(
            [`municipalities/${largest.code}`, `municipalities/${largest.code}/score`, `municipalities/${largest.code}/exit-paths`, 'municipalities', `municipalities/${largest.code}/scenarios`].map((p) =>
              get(`${base}/${p}`),
            ),
          ),
      ],
    ];
    const measure = async () => {
      const out: Timing[] = [];
      for (const [, fn] of cases) out.push(await time(fn));
      return out;
    };
    console.log(`pages of ${largest.name} (${largest.code}, ${largest.usageCount} systems)\n`);
    const fresh = await measure();

    const versions = JSON.parse(cli(env, 'imports', 'list', '--municipality', String(code), '--json')) as { id: number; current: boolean }[];
    const firstVersion = versions.find((v) => v.current)!.id;
    const t0 = performance.now();
    for (let i = 0; i < imports; i++) {
      const csv = join(dir, `inventory-${i}.csv`);
      await generate(csv, rows, 'utf-8', 2026 + i);
      cli(env, 'import', csv, '--municipality', String(code), '--json');
      rmSync(csv);
      process.stderr.write(`  import ${i + 1}/${imports} done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
    cli(env, 'imports', 'rollback', String(firstVersion), '--municipality', String(code));
    console.log(`history written in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${imports + 1} versions of ${code} (current: the first again)\n`);
    // A new session for the second half (a long history may outlast the first one's idle time); signed in both times alike.
    await signIn(base, email, password);
    const after = await measure();

    console.log('| request | fresh ms (first / median / fastest) | after history ms (first / median / fastest) | ratio of medians | ratio of fastest |');
    console.log('|---|---:|---:|---:|---:|');
    cases.forEach(([name], i) => {
      const f = fresh[i]!;
      const a = after[i]!;
      console.log(`| ${name} | ${f.first.toFixed(0)} / ${f.median.toFixed(0)} / ${f.fastest.toFixed(0)} | ${a.first.toFixed(0)} / ${a.median.toFixed(0)} / ${a.fastest.toFixed(0)} | ${(a.median / f.median).toFixed(2)} | ${(a.fastest / f.fastest).toFixed(2)} |`);
    });
  } finally {
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
    if (values.keep) console.log(`\ndatabase kept: ${env.DATABASE_URL}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();

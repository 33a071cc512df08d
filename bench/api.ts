// npm run bench:api — the API under a bounded local load, stated against a ceiling measured in
// the same run (the machine is shared and noisy):
//   ceiling:  a trivial JSON route on a bare Hono + @hono/node-server (same Node, same flags);
//   score:    GET /api/v1/municipalities/{largest}/score, uncached and with If-None-Match (304);
//   systems:  GET /api/v1/municipalities/{largest}/systems (a page of 100), uncached and cached.
// The application runs as `handlefrihed serve` on a fresh SQLite file with the demo data (demo
// mode: anonymous reads); the server gets CPU 0 and autocannon CPU 1 when `taskset` exists.
// With `--database postgres://…` (or BENCH_DATABASE_URL) the application runs on that PostgreSQL
// database instead (emptied first, then filled with the demo data by `serve` as on SQLite).
// Usage: npm run bench:api [-- --seconds 10 --connections 50 --database postgres://…]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchDatabaseUrl, emptyPostgres, shownUrl } from './postgres.ts';
import { freePort, waitFor } from './server-process.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    ceiling: { type: 'boolean', default: false },
    port: { type: 'string' },
    database: { type: 'string' },
  },
});

/** The ceiling server: one trivial JSON route, nothing else. */
async function serveCeiling(port: number): Promise<void> {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono().get('/ping', (c) => c.json({ status: 'ok', service: 'ceiling' }));
  serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}

const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const V8_FLAGS = ['--max-semi-space-size=4'];

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const command = pinned ? 'taskset' : process.execPath;
  const argv = pinned ? ['-c', '0', process.execPath, ...V8_FLAGS, ...args] : [...V8_FLAGS, ...args];
  return spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Result> {
  const opts = { url, headers, connections: Number(values.connections), duration: Number(values.seconds) };
  await autocannon({ ...opts, duration: 2 }); // warm-up
  const r = await autocannon(opts);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

async function main(): Promise<void> {
  if (values.ceiling) return serveCeiling(Number(values.port));
  if (pinned) spawnSync('taskset', ['-cp', '1', String(process.pid)]);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-api-'));
  const children: ChildProcess[] = [];
  try {
    const ceilingPort = await freePort();
    children.push(start(['--import', 'tsx', import.meta.filename, '--ceiling', '--port', String(ceilingPort)], {}));
    await waitFor(`http://127.0.0.1:${ceilingPort}/ping`, children[0]!);
    const appPort = await freePort();
    const postgres = benchDatabaseUrl(values.database);
    if (postgres) await emptyPostgres(postgres);
    const app = start(['bin/handlefrihed.js', 'serve'], { PORT: String(appPort), HOST: '127.0.0.1', DATABASE_URL: postgres ?? join(dir, 'bench.db') });
    children.push(app);
    const base = `http://127.0.0.1:${appPort}`;
    // Loading the demo data into PostgreSQL on a busy machine takes several minutes.
    await waitFor(`${base}/api/health`, app, postgres ? 1_800_000 : 300_000);
    const municipalities = (await (await fetch(`${base}/api/v1/municipalities`)).json()) as { items: { code: number; name: string; usageCount: number }[] };
    const largest = municipalities.items.reduce((a, b) => (b.usageCount > a.usageCount ? b : a));
    const scoreUrl = `${base}/api/v1/municipalities/${largest.code}/score`;
    const systemsUrl = `${base}/api/v1/municipalities/${largest.code}/systems`;
    const etagOf = async (url: string) => (await fetch(url)).headers.get('etag')!;

    console.log(`# bench:api — ${new Date().toISOString()}, node ${process.version}, ${values.connections} connections, ${values.seconds} s per case, ${pinned ? 'server on CPU 0, load on CPU 1' : 'unpinned'}, ${postgres ? `PostgreSQL ${shownUrl(postgres)} (the database's own processes unpinned)` : 'SQLite'}`);
    console.log(`largest municipality: ${largest.name} (${largest.code}), ${largest.usageCount} systems\n`);
    // The ceiling is measured before and after the cases (the machine's speed drifts during a
    // run); ratios are to the mean of the two.
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}/ping`;
    const before = await load(ceilingUrl);
    const measured: [string, Result][] = [
      ['score, uncached', await load(scoreUrl)],
      ['score, cached (If-None-Match → 304)', await load(scoreUrl, { 'if-none-match': await etagOf(scoreUrl) })],
      ['systems (100 rows), uncached', await load(systemsUrl)],
      ['systems (100 rows), cached (304)', await load(systemsUrl, { 'if-none-match': await etagOf(systemsUrl) })],
    ];
    const after = await load(ceilingUrl);
    const ceiling: Result = { rps: (before.rps + after.rps) / 2, p50: Math.max(before.p50, after.p50), p99: Math.max(before.p99, after.p99), non2xx: before.non2xx + after.non2xx };
    const cases: [string, Result][] = [
      [`ceiling: trivial JSON route (bare Hono), mean of ${Math.round(before.rps).toLocaleString('en-US')} before and ${Math.round(after.rps).toLocaleString('en-US')} after`, ceiling],
      ...measured,
    ];
    console.log('| case | req/s | ratio to ceiling | p50 ms | p99 ms | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, r] of cases) {
      console.log(`| ${name} | ${Math.round(r.rps).toLocaleString('en-US')} | ${(r.rps / ceiling.rps).toFixed(2)} | ${r.p50} | ${r.p99} | ${r.non2xx} |`);
    }
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

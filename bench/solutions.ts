// npm run bench:solutions — exit paths and scenario compare for the largest demo municipality
// (København, 101) through real HTTP (`handlefrihed serve` on a fresh SQLite demo database),
// against the trivial-route ceiling of the same run (the machine is shared and noisy):
//   first:   the first request after a change to the municipality (a usage edited through the
//            service by another connection, as the CLI or another app server would), median of
//            --changes rounds; and the very first request after the server started;
//   repeat:  the same request again, under autocannon (--connections, --seconds): p50/p99.
// Usage: npm run bench:solutions [-- --seconds 5 --connections 4 --changes 5 --from demo.db]
// (--from: copy this demo database instead of generating one; it must be a fresh `demo reset`.)
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../server/src/db/connect.ts';
import { editUsage } from '../server/src/services/edit-usage.ts';
import { freePort, waitFor } from './server-process.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
    changes: { type: 'string', default: '5' },
    from: { type: 'string' },
    ceiling: { type: 'boolean', default: false },
    port: { type: 'string' },
  },
});
const CODE = 101;

async function serveCeiling(port: number): Promise<void> {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  serve({ fetch: new Hono().get('/ping', (c) => c.json({ status: 'ok', service: 'ceiling' })).fetch, port, hostname: '127.0.0.1' });
}

const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const command = pinned ? 'taskset' : process.execPath;
  const argv = pinned ? ['-c', '0', process.execPath, ...args] : args;
  return spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

interface Load { rps: number; p50: number; p99: number; non2xx: number }
async function load(url: string, init: { method?: string; body?: string } = {}): Promise<Load> {
  const opts = { url, method: (init.method ?? 'GET') as 'GET' | 'POST', body: init.body, headers: init.body ? { 'content-type': 'application/json' } : {}, connections: Number(values.connections), duration: Number(values.seconds) };
  await autocannon({ ...opts, duration: 1 });
  const r = await autocannon(opts);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

/**
 * One request's wall time in ms (the answer must be 200). A kept-alive socket the server closed
 * while idle (during a slow change) fails at once, before the request reaches it: asked again.
 */
async function timed(url: string, init: RequestInit = {}, retry = true): Promise<number> {
  const t = performance.now();
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (retry && (e as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET') return timed(url, init, false);
    throw e;
  }
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  if (values.ceiling) return serveCeiling(Number(values.port));
  if (pinned) spawnSync('taskset', ['-cp', '1', String(process.pid)]);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-solutions-'));
  const file = join(dir, 'bench.db');
  if (values.from) copyFileSync(values.from, file);
  const children: ChildProcess[] = [];
  try {
    const ceilingPort = await freePort();
    children.push(start(['--import', 'tsx', import.meta.filename, '--ceiling', '--port', String(ceilingPort)], {}));
    await waitFor(`http://127.0.0.1:${ceilingPort}/ping`, children[0]!, 900_000);
    const appPort = await freePort();
    const app = start(['bin/handlefrihed.js', 'serve'], { PORT: String(appPort), HOST: '127.0.0.1', DATABASE_URL: file });
    children.push(app);
    const base = `http://127.0.0.1:${appPort}`;
    await waitFor(`${base}/api/health`, app, 900_000);
    const exitUrl = `${base}/api/v1/municipalities/${CODE}/exit-paths`;
    const compareUrl = `${base}/api/v1/municipalities/${CODE}/scenarios/compare`;
    const options = (await (await fetch(`${base}/api/v1/municipalities/${CODE}/scenarios/options`)).json()) as { examples: Array<{ products: string[]; alternatives: string[] }> };
    const example = options.examples[0]!;
    const body = JSON.stringify({ replacements: [{ products: example.products, alternatives: example.alternatives }] });
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body };

    const coldExit = await timed(exitUrl);
    const coldCompare = await timed(compareUrl, post);

    // Changes to København by another connection: a usage's note edited (a new version, rescored).
    const writer = openDatabase(file);
    const usage = await writer.db.selectFrom('system_usages as u').innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id').select('u.usage_key').where('ci.municipality_code', '=', CODE).orderBy('u.id').executeTakeFirstOrThrow();
    const change = async (round: number) => {
      const u = await writer.db.selectFrom('system_usages as u').innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id').select('u.id').where('u.usage_key', '=', usage.usage_key).executeTakeFirstOrThrow();
      await editUsage(writer.db, { userId: null, label: 'bench:solutions' }, u.id, { notes: `bench round ${round}` });
    };
    const firstExit: number[] = [];
    const firstCompare: number[] = [];
    for (let i = 0; i < Number(values.changes); i++) {
      await change(i);
      firstExit.push(await timed(exitUrl));
      await change(i + 1000);
      firstCompare.push(await timed(compareUrl, post));
    }
    await writer.close();

    const ceilingUrl = `http://127.0.0.1:${ceilingPort}/ping`;
    const before = await load(ceilingUrl);
    const exitRepeat = await load(exitUrl);
    const compareRepeat = await load(compareUrl, { method: 'POST', body });
    const after = await load(ceilingUrl);
    const ceiling = { rps: (before.rps + after.rps) / 2, p50: Math.max(before.p50, after.p50), p99: Math.max(before.p99, after.p99), non2xx: before.non2xx + after.non2xx };

    const ms = (x: number) => x.toFixed(0);
    console.log(`# bench:solutions — ${new Date().toISOString()}, node ${process.version}, ${values.connections} connections, ${values.seconds} s per case, ${pinned ? 'server on CPU 0, load on CPU 1' : 'unpinned'}`);
    console.log(`København (${CODE}); the first request after a change: median of ${values.changes} edits\n`);
    console.log('| case | first after start ms | first after a change ms (median; min–max) | repeat req/s | repeat p50 ms | repeat p99 ms | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    console.log(`| ceiling: trivial JSON route (bare Hono) | – | – | ${Math.round(ceiling.rps).toLocaleString('en-US')} | ${ceiling.p50} | ${ceiling.p99} | ${ceiling.non2xx} |`);
    console.log(`| exit paths (GET …/exit-paths) | ${ms(coldExit)} | ${ms(median(firstExit))} (${ms(Math.min(...firstExit))}–${ms(Math.max(...firstExit))}) | ${Math.round(exitRepeat.rps).toLocaleString('en-US')} | ${exitRepeat.p50} | ${exitRepeat.p99} | ${exitRepeat.non2xx} |`);
    console.log(`| scenario compare (POST …/scenarios/compare, ${example.products.length} products → ${example.alternatives.length}) | ${ms(coldCompare)} | ${ms(median(firstCompare))} (${ms(Math.min(...firstCompare))}–${ms(Math.max(...firstCompare))}) | ${Math.round(compareRepeat.rps).toLocaleString('en-US')} | ${compareRepeat.p50} | ${compareRepeat.p99} | ${compareRepeat.non2xx} |`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

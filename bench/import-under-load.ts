// npm run bench:import-under-load — the API while a large file is imported through it (issue #16).
// `handlefrihed serve` runs on a fresh SQLite demo database. An admin uploads a generated Danish
// CSV (default 300,000 rows) for a small municipality (`Prefer: respond-async`, then the job is
// polled); while the import runs, autocannon loads /api/health, the largest municipality's score
// with If-None-Match (the cached answer, 304) and another municipality's score (uncached). The
// same three loads measured just before the import, in the same run, are the baseline. Also: the
// import's duration and the server's peak RSS (VmHWM: the HTTP thread and the import worker).
// The server is not pinned to a CPU: its import worker and its HTTP thread share the machine.
// Usage: npm run bench:import-under-load [-- --rows 300000 --seconds 10 --connections 4 --template demo.db]
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, openAsBlob, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../server/src/db/connect.ts';
import { createApiToken, createUser } from '../server/src/services/accounts.ts';
import { generate } from './danish-inventory.ts';
import { freePort, waitFor } from './server-process.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '300000' },
    seconds: { type: 'string', default: '10' },
    /** Connections per load (three loads run at once). */
    connections: { type: 'string', default: '4' },
    /** A demo database made by `handlefrihed demo reset`, copied instead of loading the demo data at start (slow on a loaded machine). */
    template: { type: 'string' },
  },
});

interface Result {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  requests: number;
  /** 4xx, 5xx, errors and timeouts (a 304 is the cached answer, not a failure). */
  failed: number;
}

type Target = { name: string; url: string; headers: Record<string, string> };

/** Loads every target at once until `until` resolves (or for `seconds`). */
async function loadAll(targets: Target[], opts: { seconds?: number; until?: Promise<unknown> }): Promise<Result[]> {
  const runs = targets.map((t) => {
    const instance = autocannon({ url: t.url, headers: t.headers, connections: Number(values.connections), duration: opts.seconds ?? 3600 });
    return { instance, done: instance as unknown as Promise<autocannon.Result> };
  });
  if (opts.until) {
    await opts.until;
    for (const r of runs) (r.instance as unknown as { stop(): void }).stop();
  }
  const results = await Promise.all(runs.map((r) => r.done));
  return results.map((r) => ({
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    requests: r.requests.total,
    failed: r['4xx'] + r['5xx'] + r.errors + r.timeouts,
  }));
}

const peakRssMb = (pid: number) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};
const rssMb = (pid: number) => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

async function main(): Promise<void> {
  const rows = Number(values.rows);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-import-load-'));
  let server: ChildProcess | null = null;
  try {
    const csv = join(dir, `inventory-${rows}.csv`);
    await generate(csv, rows, 'utf-8');
    const file = join(dir, 'bench.db');
    if (values.template) copyFileSync(values.template, file);
    const port = await freePort();
    server = spawn(process.execPath, ['--max-semi-space-size=4', 'bin/handlefrihed.js', 'serve'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: file, MAX_IMPORT_BYTES: String(256 * 2 ** 20) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`, server, 1_800_000);

    // An admin's API token, made in the database the server uses (as `handlefrihed users` would).
    const database = openDatabase(file);
    const admin = await createUser(database.db, { userId: null, label: 'bench' }, { email: 'bench-admin@kommune.dk', password: 'bench-adgangskode-lang-nok', grants: [{ role: 'admin', municipalityCode: null }] }, { passwordScryptN: 16384 });
    const { token } = await createApiToken(database.db, { userId: admin.id, label: admin.email, grants: admin.grants, via: 'session', demoMode: false }, { name: 'bench', role: 'admin', municipalityCode: null });
    await database.close();
    const auth = { authorization: `Bearer ${token}` };

    const municipalities = ((await (await fetch(`${base}/api/v1/municipalities?limit=200`, { headers: auth })).json()) as { items: { code: number; name: string; usageCount: number }[] }).items;
    const bySize = [...municipalities].sort((a, b) => b.usageCount - a.usageCount || a.code - b.code);
    const [largest, second] = [bySize[0]!, bySize[1]!];
    const target = bySize[bySize.length - 1]!;
    const scoreUrl = (code: number) => `${base}/api/v1/municipalities/${code}/score`;
    const etag = (await fetch(scoreUrl(largest.code), { headers: auth })).headers.get('etag')!;
    const targets: Target[] = [
      { name: '/api/health', url: `${base}/api/health`, headers: auth },
      { name: `score ${largest.name}, cached (If-None-Match → 304)`, url: scoreUrl(largest.code), headers: { ...auth, 'if-none-match': etag } },
      { name: `score ${second.name}, uncached`, url: scoreUrl(second.code), headers: auth },
    ];

    console.log(`# bench:import-under-load — ${new Date().toISOString()}, node ${process.version}, SQLite, ${rows.toLocaleString('en-US')} rows (${(statSync(csv).size / 2 ** 20).toFixed(1)} MB) imported for ${target.name} (${target.code}), ${values.connections} connections per load, three loads at once`);
    await loadAll(targets, { seconds: 2 }); // warm-up
    const baseline = await loadAll(targets, { seconds: Number(values.seconds) });
    const rssBefore = rssMb(server.pid!);
    // The peak from here on is the import's (Linux: writing 5 to clear_refs resets VmHWM to the current RSS).
    const peakReset = (() => {
      try {
        writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
        return true;
      } catch {
        return false;
      }
    })();

    const started = performance.now();
    const form = new FormData();
    form.set('file', await openAsBlob(csv), `inventory-${rows}.csv`);
    const accepted = await fetch(`${base}/api/v1/municipalities/${target.code}/imports`, { method: 'POST', body: form, headers: { ...auth, prefer: 'respond-async' } });
    if (accepted.status !== 202) throw new Error(`upload answered ${accepted.status}: ${await accepted.text()}`);
    const location = accepted.headers.get('location')!;
    const finished = (async () => {
      for (;;) {
        const job = (await (await fetch(`${base}${location}`, { headers: auth })).json()) as { status: string; rowsRead: number; runner: string; report: { status: string; rows: { read: number } } | null; problem: unknown };
        if (job.status === 'done' || job.status === 'failed') return job;
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    // The load starts once the upload is in (the HTTP thread's part); the worker imports meanwhile.
    const during = await loadAll(targets, { until: finished });
    const job = await finished;
    const seconds = (performance.now() - started) / 1000;
    if (job.status !== 'done') throw new Error(`the import failed: ${JSON.stringify(job.problem)}`);

    console.log(`import: ${job.report!.status}, ${job.report!.rows.read.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(job.report!.rows.read / seconds).toLocaleString('en-US')} rows/s, upload included), runner: ${job.runner}`);
    console.log(`server RSS: ${rssBefore} MB before the import, peak ${peakRssMb(server.pid!)} MB (VmHWM, ${peakReset ? 'during the import' : 'whole run'})\n`);
    console.log('| request | phase | req/s | p50 ms | p99 ms | max ms | requests | failed |');
    console.log('|---|---|---:|---:|---:|---:|---:|---:|');
    targets.forEach((t, i) => {
      for (const [phase, r] of [['before the import', baseline[i]!], ['during the import', during[i]!]] as const) {
        console.log(`| ${t.name} | ${phase} | ${Math.round(r.rps).toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${r.max} | ${r.requests} | ${r.failed} |`);
      }
    });
  } finally {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

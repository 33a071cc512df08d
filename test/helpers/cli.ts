// Runs the real `handlefrihed` command (bin/handlefrihed.js) as a child process, the way a user
// types it, and creates users with it (the one-time password is read from its output).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

export interface CliResult {
  /** The exit code (null when the process was killed, e.g. by the timeout). */
  code: number | null;
  out: string;
  err: string;
}

/** `handlefrihed ...args` with `env` over the test's own environment (in `cwd`, default the project's folder). */
export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/handlefrihed.js'), ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    // A generous bound (a demo reset on a loaded 2-core machine can take minutes); a hang still ends.
    timeout: 600_000,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `handlefrihed user add` for one role (in one municipality, where given); returns the password it shows once. */
export function addUser(env: Record<string, string>, email: string, role: string, municipality?: number): string {
  const r = runCli(['user', 'add', email, '--role', role, ...(municipality === undefined ? [] : ['--municipality', String(municipality)])], env);
  expect(r.code, r.err).toBe(0);
  const password = r.out.match(/shown once\): (\S+)/)?.[1];
  if (!password) throw new Error(`user add printed no password:\n${r.out}`);
  return password;
}

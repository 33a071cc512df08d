// Who the CLI's audited changes are by. The CLI runs with the database's own rights, so the audit
// log names the person at the keyboard: the e-mail given with `--as EMAIL` (any command), else the
// operating-system account, as `cli:<user>`. `--as` is taken out of the arguments in one place
// (main.ts, through `takeOperator`) before the command parses its own options.
import { userInfo } from 'node:os';
import { z } from 'zod';
import type { AuditActor } from '../repositories/audit.repository.ts';
import { UsageError } from './context.ts';

const operatorEmail = z.string().trim().toLowerCase().email();

let operator: string | null = null;

/**
 * Removes `--as EMAIL` / `--as=EMAIL` from the arguments and remembers the e-mail for `cliActor()`.
 * A value that is not an e-mail address (or a second `--as`) is a usage error.
 */
export function takeOperator(argv: readonly string[]): string[] {
  const rest: string[] = [];
  const given: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--as') {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError('--as needs an e-mail address: --as navn@kommune.dk');
      given.push(v);
      i++;
    } else if (a.startsWith('--as=')) given.push(a.slice('--as='.length));
    else rest.push(a);
  }
  if (given.length > 1) throw new UsageError('--as may be given once');
  if (given.length === 1) {
    const parsed = operatorEmail.safeParse(given[0]);
    if (!parsed.success) throw new UsageError(`--as takes an e-mail address, got «${given[0]}»`);
    operator = parsed.data;
  } else operator = null;
  return rest;
}

/** The operating-system account running the CLI; never a placeholder. */
export function osUserName(): string {
  try {
    const name = userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry for this uid (some containers): fall through to the environment, then the uid.
  }
  return process.env.USER || process.env.LOGNAME || process.env.USERNAME || `uid-${process.getuid?.() ?? process.pid}`;
}

/** The audit label of this CLI run: `cli:<e-mail>` with `--as`, else `cli:<os user>`. */
export function cliActorLabel(): string {
  return `cli:${operator ?? osUserName()}`;
}

export function cliActor(): AuditActor {
  return { userId: null, label: cliActorLabel() };
}

// Who the CLI's audited changes are by: it runs with the database's own rights, so the audit log
// names the operating-system account, as `cli:<user>`.
import { userInfo } from 'node:os';
import type { AuditActor } from '../repositories/audit.repository.ts';

export function cliActor(): AuditActor {
  let name = 'ukendt';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): keep "ukendt".
  }
  return { userId: null, label: `cli:${name}` };
}

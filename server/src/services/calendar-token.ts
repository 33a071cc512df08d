// The secret in a municipality's deadline-calendar link: created, replaced or revoked by its
// leaders and architects. Only its hash is stored, and the audit log says what happened to it,
// never the token or the hash.
import type { Kysely } from 'kysely';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Database } from '../db/schema.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import { municipalitySettings, saveMunicipalitySettings } from '../repositories/municipalities.repository.ts';

/** A new token (returned, shown once) or none (`revoke`): the old link stops working either way. */
export async function setCalendarToken(db: Kysely<Database>, actor: AuditActor, code: number, revoke = false): Promise<string | null> {
  const token = revoke ? null : newSecret('hfcal_');
  await db.transaction().execute(async (trx) => {
    const before = await municipalitySettings(trx, code);
    await saveMunicipalitySettings(trx, code, { ...before, calendarTokenHash: token ? hashSecret(token) : null });
    await recordAudit(trx, actor, {
      action: 'municipality.calendar_token',
      entityType: 'municipality',
      entityId: code,
      municipalityCode: code,
      before: { calendarToken: before.calendarTokenHash ? 'set' : 'none' },
      after: { calendarToken: revoke ? 'revoked' : before.calendarTokenHash ? 'replaced' : 'created' },
    });
  });
  return token;
}

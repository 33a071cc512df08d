// A municipality's exit windows move out of its stored score into their own column: they are
// more than half of the document, and the score's headline (asked on every dashboard view)
// does not need them.
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function scoreExitWindows(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.alterTable('municipality_scores').addColumn('exit_windows', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        if (dialect === 'sqlite') {
          await sql`update municipality_scores set exit_windows = coalesce(json_extract(result, '$.exitWindows'), '[]'), result = json_remove(result, '$.exitWindows')`.execute(trx);
        } else {
          await sql`update municipality_scores set exit_windows = coalesce((result::jsonb -> 'exitWindows')::text, '[]'), result = (result::jsonb - 'exitWindows')::text`.execute(trx);
        }
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        if (dialect === 'sqlite') {
          await sql`update municipality_scores set result = json_set(result, '$.exitWindows', json(exit_windows))`.execute(trx);
        } else {
          await sql`update municipality_scores set result = jsonb_set(result::jsonb, '{exitWindows}', exit_windows::jsonb)::text`.execute(trx);
        }
        await trx.schema.alterTable('municipality_scores').dropColumn('exit_windows').execute();
      });
    },
  };
}

// What a publiccode.yml export needs and the catalogue did not keep (issue #14): whether the
// software is ready for translation (`localisation.localisationReady`, 0/1), the languages it is
// available in (`localisation.availableLanguages`, a JSON list of BCP 47 tags), and the
// description blocks as the file wrote them (`description.<lang>`: short and long description
// and features, a JSON object by language), and the contractors of contract maintenance
// (`maintenance.contractors`: company, contract end `until`, website; a JSON list). An import of a publiccode.yml fills them; rows from
// the reference data leave them null (unknown), and the export then names what is missing.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function alternativeLocalisation(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.alterTable('alternatives').addColumn('localisation_ready', 'integer').execute();
        await trx.schema.alterTable('alternatives').addColumn('available_languages', 'text').execute();
        await trx.schema.alterTable('alternatives').addColumn('publiccode_description', 'text').execute();
        await trx.schema.alterTable('alternatives').addColumn('maintenance_contractors', 'text').execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.alterTable('alternatives').dropColumn('maintenance_contractors').execute();
        await trx.schema.alterTable('alternatives').dropColumn('publiccode_description').execute();
        await trx.schema.alterTable('alternatives').dropColumn('available_languages').execute();
        await trx.schema.alterTable('alternatives').dropColumn('localisation_ready').execute();
      });
    },
  };
}

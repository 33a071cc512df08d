import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { type Db, reusableQuery } from './db-types.ts';

describe('reusableQuery', () => {
  let h: DatabaseHandle;
  beforeAll(async () => {
    h = openDatabase(':memory:');
    await migrateToLatest(h);
    await h.db.insertInto('municipalities').values([
      { code: 101, name: 'København', region: 'Region Hovedstaden', source: 't', verified: 1 },
      { code: 147, name: 'Frederiksberg', region: 'Region Hovedstaden', source: 't', verified: 0 },
    ]).execute();
  });
  afterAll(async () => h.close());

  it('binds new arguments into the once-compiled query and keeps its constants', async () => {
    const byCode = reusableQuery((db: Db, code: number, region: string) =>
      db.selectFrom('municipalities').select('name').where('code', '=', code).where('region', '=', region).where('verified', '=', 1),
    );
    expect(await byCode(h.db, 101, 'Region Hovedstaden')).toEqual([{ name: 'København' }]);
    expect(await byCode(h.db, 147, 'Region Hovedstaden')).toEqual([]); // the constant verified = 1 still applies
    expect(await byCode(h.db, 101, 'Region Sjælland')).toEqual([]);
    // Inside a transaction (another Kysely instance) it compiles for that one.
    expect(await h.db.transaction().execute((trx) => byCode(trx, 101, 'Region Hovedstaden'))).toEqual([{ name: 'København' }]);
  });
});

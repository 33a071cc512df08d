import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { chunks, type Db, reusableQuery } from './db-types.ts';

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

describe('chunks', () => {
  it('gives a generator the same batches as an array, reading it as it goes', () => {
    const rows = [0, 1, 2, 3, 4, 5, 6];
    let read = 0;
    function* generated() {
      for (const r of rows) {
        read++;
        yield r;
      }
    }
    const fromArray = [...chunks(rows, 2, 6)];
    expect(fromArray).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    const batches = chunks(generated(), 2, 6);
    expect(batches.next().value).toEqual([0, 1, 2]);
    expect(read).toBe(3); // no row past the first batch read yet
    expect([...batches]).toEqual([[3, 4, 5], [6]]);
    expect([...chunks(generated(), 2, 6)]).toEqual(fromArray);
    expect([...chunks((function* () {})(), 2, 6)]).toEqual([]);
  });
});

// applyKitosDelta: the last read plus what changed since equals a full read of the changed world.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyKitosDelta } from './delta.ts';
import { fixtureJson, fixtureRaw, mapAll } from '../../test/helpers/kitos-api.ts';
import type { KitosRaw } from './raw.ts';

const LISTS = ['itSystemUsages', 'itSystems', 'itContracts', 'organizationUnits', 'dataProcessingRegistrations'] as const;
const TYPE = { itSystemUsages: 'ItSystemUsage', itSystems: 'ItSystem', itContracts: 'ItContract', organizationUnits: 'OrganizationUnit', dataProcessingRegistrations: 'DataProcessingRegistration' } as const;

interface Entity {
  uuid: string;
  version: number;
}
type World = Record<(typeof LISTS)[number], Entity[]>;

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const empty = (): KitosRaw => ({ itSystemUsages: [], itSystems: [], itContracts: [], organizationUnits: [], dataProcessingRegistrations: [], kleOptions: [], deletedEntities: [] });

/** What a full read of a world gives: every entity, in creation order. */
function fullRead(w: World): KitosRaw {
  const r = empty();
  for (const k of LISTS) r[k] = w[k].map((e) => ({ ...e }));
  return r;
}

/** Per list: which entities change, which are deleted, how many are created (some then deleted too), and the delta's order. */
const changeSet = fc.record({
  change: fc.array(fc.nat(), { maxLength: 8 }),
  remove: fc.array(fc.nat(), { maxLength: 5 }),
  create: fc.nat({ max: 5 }),
  createThenDelete: fc.nat({ max: 2 }),
  seed: fc.nat(),
});

describe('applyKitosDelta', () => {
  it('equals a full read of the changed world, for random bases and change sets', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 12 }), { minLength: 5, maxLength: 5 }), fc.array(changeSet, { minLength: 5, maxLength: 5 }), (sizes, changes) => {
        let next = 1;
        const before = {} as World;
        LISTS.forEach((k, i) => (before[k] = Array.from({ length: sizes[i]! }, () => ({ uuid: uuid(next++), version: 1 }))));
        const after = {} as World;
        const delta = empty();
        LISTS.forEach((k, i) => {
          const c = changes[i]!;
          const n = before[k].length;
          const removed = new Set(n ? c.remove.map((x) => before[k][x % n]!.uuid) : []);
          const changed = new Set(n ? c.change.map((x) => before[k][x % n]!.uuid) : []);
          after[k] = before[k].filter((e) => !removed.has(e.uuid)).map((e) => (changed.has(e.uuid) ? { uuid: e.uuid, version: 2 } : e));
          const created = Array.from({ length: c.create }, () => ({ uuid: uuid(next++), version: 1 }));
          after[k].push(...created);
          // The changed-since pages: changed survivors and new ones, in an order unrelated to creation.
          const pages = [...after[k].filter((e) => changed.has(e.uuid)), ...created].map((e) => ({ ...e }));
          pages.sort((a, b) => ((a.uuid.charCodeAt(35) * (c.seed + 7)) % 13) - ((b.uuid.charCodeAt(35) * (c.seed + 7)) % 13));
          delta[k] = pages;
          // Deletion events: the removed ones, and entities created and deleted between two syncs.
          for (const id of removed) delta.deletedEntities.push({ entityUuid: id, entityType: TYPE[k], occurredAtUtc: '2026-09-01T00:00:00Z' });
          for (let d = 0; d < c.createThenDelete; d++) delta.deletedEntities.push({ entityUuid: uuid(next++), entityType: TYPE[k], occurredAtUtc: '2026-09-01T00:00:00Z' });
        });
        const got = applyKitosDelta(fullRead(before), delta);
        const want = fullRead(after);
        const byUuid = (l: unknown[]) => [...(l as Entity[])].sort((a, b) => a.uuid.localeCompare(b.uuid));
        for (const k of LISTS) {
          expect(byUuid(got[k]), k).toEqual(byUuid(want[k]));
          // Entities that existed before keep the places a full read gives them.
          const old = new Set(before[k].map((e) => e.uuid));
          expect((got[k] as Entity[]).filter((e) => old.has(e.uuid)).map((e) => e.uuid), k).toEqual((want[k] as Entity[]).filter((e) => old.has(e.uuid)).map((e) => e.uuid));
        }
        expect(got.deletedEntities).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves both inputs unchanged', () => {
    const base = fixtureRaw();
    const delta = { ...empty(), itSystemUsages: fixtureJson<unknown[]>('it-system-usages.changed-since.response.json'), deletedEntities: fixtureJson<unknown[]>('delta-feed.deleted-entities.response.json') };
    const copies = [structuredClone(base), structuredClone(delta)];
    applyKitosDelta(base, delta);
    expect([base, delta]).toEqual(copies);
  });

  it('applies the fixtures’ changed-since page and deletion feed, and the result maps like a full read', async () => {
    const base = fixtureRaw();
    const changed = fixtureJson<{ uuid: string }[]>('it-system-usages.changed-since.response.json');
    const deleted = fixtureJson<{ entityUuid: string }[]>('delta-feed.deleted-entities.response.json');
    const merged = applyKitosDelta(base, { ...empty(), itSystemUsages: changed, deletedEntities: deleted });
    const uuids = (merged.itSystemUsages as { uuid: string }[]).map((u) => u.uuid);
    for (const c of changed) expect(uuids).toContain(c.uuid);
    for (const d of deleted) expect(uuids).not.toContain(d.entityUuid);
    expect(merged.itSystems).toEqual(base.itSystems);
    // The full read of the same world (base with the changed usages in place) maps to the same records.
    const full = { ...base, itSystemUsages: (base.itSystemUsages as { uuid: string }[]).map((u) => changed.find((c) => c.uuid === u.uuid) ?? u) };
    for (const c of changed) if (!full.itSystemUsages.some((u) => (u as { uuid: string }).uuid === c.uuid)) full.itSystemUsages.push(c);
    const [a, b] = [await mapAll(merged), await mapAll(full)];
    expect(a.usages).toEqual(b.usages);
    expect(a.contracts).toEqual(b.contracts);
    expect(a.integrations).toEqual(b.integrations);
  });
});

// The incremental sync's pure step: the last full-equivalent read plus what changed since
// (`changedSinceGtEq` pages and the deleted-entities feed) gives what a full read would give now.
import type { KitosRaw } from './raw.ts';
import type { TrackedEntity } from './schemas.ts';

type ListKey = Exclude<keyof KitosRaw, 'deletedEntities' | 'kleOptions'>;

/** The delta feed's entity types and the lists they delete from (`ItInterface` is not read). */
export const DELETED_LIST: Readonly<Record<TrackedEntity, ListKey | null>> = {
  ItSystemUsage: 'itSystemUsages',
  ItSystem: 'itSystems',
  ItContract: 'itContracts',
  DataProcessingRegistration: 'dataProcessingRegistrations',
  OrganizationUnit: 'organizationUnits',
  ItInterface: null,
};

const LISTS: readonly ListKey[] = ['itSystemUsages', 'itSystems', 'itContracts', 'organizationUnits', 'dataProcessingRegistrations'];

const uuidOf = (e: unknown, key = 'uuid'): string | null => {
  const v = e !== null && typeof e === 'object' ? (e as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v ? v.toLowerCase() : null;
};

/**
 * Applies a delta to a base read: an entity the delta holds replaces the base's entity with its
 * UUID where that one stood (a full read orders by creation, and a change keeps an entity's
 * place), new ones are appended (created after everything in the base; among themselves in the
 * delta's order, which is `lastModified`, as the API exposes no creation order), and the UUIDs of the
 * delta's deletion events leave their list. An entity both changed and deleted is deleted (the
 * deletion is the later event: KITOS never reuses a UUID). KLE options have no change feed: a
 * delta that holds them holds them all and replaces the base's. Entities without a UUID cannot be
 * placed and are kept as they come, for the mapping to report. The result has no deletion events.
 * Pure: neither input is changed.
 */
export function applyKitosDelta(base: KitosRaw, delta: KitosRaw): KitosRaw {
  const deleted = new Map<ListKey, Set<string>>();
  for (const d of delta.deletedEntities) {
    const type = d !== null && typeof d === 'object' ? (d as Record<string, unknown>).entityType : undefined;
    const list = typeof type === 'string' ? DELETED_LIST[type as TrackedEntity] : undefined;
    const id = uuidOf(d, 'entityUuid');
    if (!list || !id) continue;
    let set = deleted.get(list);
    if (!set) deleted.set(list, (set = new Set()));
    set.add(id);
  }
  const out: KitosRaw = {
    itSystemUsages: [],
    itSystems: [],
    itContracts: [],
    organizationUnits: [],
    dataProcessingRegistrations: [],
    kleOptions: delta.kleOptions.length ? [...delta.kleOptions] : [...base.kleOptions],
    deletedEntities: [],
  };
  for (const key of LISTS) {
    const gone = deleted.get(key);
    const changed = new Map<string, unknown>();
    const added: unknown[] = [];
    for (const e of delta[key]) {
      const id = uuidOf(e);
      if (id === null) added.push(e);
      else changed.set(id, e); // a later copy of the same entity wins
    }
    const list: unknown[] = [];
    for (const e of base[key]) {
      const id = uuidOf(e);
      if (id !== null && gone?.has(id)) continue;
      if (id !== null && changed.has(id)) {
        list.push(changed.get(id));
        changed.delete(id);
      } else list.push(e);
    }
    for (const [id, e] of changed) if (!gone?.has(id)) list.push(e);
    list.push(...added);
    out[key] = list;
  }
  return out;
}

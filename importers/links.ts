// Cross-row bookkeeping of a usage file: duplicate usage keys, and the dependency names of
// `Anvendte systemer` resolved to usage keys. Sized for a million rows: keys live as hashes in one
// typed array (no strings, nothing for the GC to trace), a dependency on a system already seen is
// resolved at once, and only names of systems further down the file wait for the end.
import type { IntegrationRecord } from '../server/src/domain/inventory.ts';
import { HashIndex, hash64 } from './hash-index.ts';
import { msg } from './messages.ts';
import { type ImportIssue, truncateValue } from './types.ts';
import { detach } from './values.ts';

const SPACES = /[\s\u00a0\u2007\u202f]{2,}|[\t\n\r\u00a0\u2007\u202f]/;
const SPACES_ALL = /[\s\u00a0\u2007\u202f]+/g;

/** The matching key of a system name inside one file: trimmed, lower-cased, spaces folded. */
export function nameKey(name: string): string {
  return foldSpaces(name.trim().toLowerCase());
}
const foldSpaces = (k: string) => (SPACES.test(k) ? k.replace(SPACES_ALL, ' ') : k);

const NAME_SPACE = 0; // hash seeds keep `name:x` and `id:x` apart
const ID_SPACE = 1;
/**
 * Name codes (second value of a name's slot): none yet, the usage key is `name:` + the name
 * itself, or 2 + index into `explicit`; flags: SHARED (a second system answers to the name;
 * the first one keeps it) and USED (an edge already relied on the name).
 */
const NO_NAME = 0;
const DERIVED = 1;
const SHARED = 0x20000000;
const USED = 0x40000000;
const CODE = ~(SHARED | USED);
/** Scratch for hashes: the index is used from one synchronous loop at a time. */
const H = new Int32Array(2);

type Draft = Omit<ImportIssue, 'file'>;

/** An integration record (a class, not a literal: see Usage in profiles/fields.ts). */
class Edge implements IntegrationRecord {
  kind = 'data' as const;
  direction = 'outgoing' as const;
  platform_role = null;
  constructor(
    public source_key: string,
    public target_key: string,
  ) {}
}

interface Pending {
  source: string;
  name: string;
  line: number;
}

/**
 * One hash table answers both questions, keyed by a lower-cased string: as a usage key
 * (`name:` or `id:` space; first value = line of the usage) and as a system name (second value
 * = how to reach the usage's key). For the usual usage, without a local name or id, both live
 * in the same slot, so registering a row costs one hash and one probe.
 *
 * A dependency on a name resolves to the first system in the file that answers to it, at once
 * when that system came earlier (the edge goes out with the row, so nothing accumulates), else
 * when the file ends. When a second system answers to the same name, a warning says so.
 */
export class UsageIndex {
  private readonly table: HashIndex;
  private readonly explicit: string[] = [];
  private readonly pending: Pending[] = [];
  private column = '';

  constructor(expectedRows = 1024) {
    this.table = new HashIndex(expectedRows);
  }

  /**
   * Registers a usage under its key (as `usageKey()` builds it: `id:<local id>` or
   * `name:<local name or product name>`, lower-cased); returns the line of an earlier row with
   * the same key, or null. Warnings about shared names go to `issues`.
   */
  register(productName: string, localName: string | null, localId: string | null, line: number, issues: Draft[]): number | null {
    const id = localId?.trim();
    const space = id ? ID_SPACE : NAME_SPACE;
    const lower = productName.trim().toLowerCase();
    const local = localName?.trim();
    const base = id ? id.toLowerCase() : local ? local.toLowerCase() : lower;
    hash64(base, space, H);
    const o = this.table.find(H, true);
    const first = this.table.value(o);
    if (first > 0) return first;
    this.table.setValue(o, line);
    const product = foldSpaces(lower);
    this.addName(product, productName, space, base, space === NAME_SPACE && product === base ? o : -1, line, issues);
    if (local) {
      const key = nameKey(local);
      this.addName(key, local, space, base, space === NAME_SPACE && key === base ? o : -1, line, issues);
    }
    return null;
  }

  private addName(name: string, raw: string, space: number, base: string, slot: number, line: number, issues: Draft[]): void {
    let o = slot;
    if (o < 0) {
      hash64(name, NAME_SPACE, H);
      o = this.table.find(H, true);
    }
    const stored = this.table.value2(o);
    const code = stored & CODE;
    if (code === NO_NAME) {
      if (space === NAME_SPACE && name === base) this.table.setValue2(o, DERIVED);
      else {
        this.explicit.push(detach(`${space === ID_SPACE ? 'id:' : 'name:'}${base}`));
        this.table.setValue2(o, this.explicit.length + 1);
      }
      return;
    }
    if (stored & SHARED) return;
    const existing = code === DERIVED ? `name:${name}` : this.explicit[code - 2]!;
    if (existing === `${space === ID_SPACE ? 'id:' : 'name:'}${base}`) return;
    this.table.setValue2(o, stored | SHARED);
    // Edges already made point at the first system; say so where the second one appears.
    if (stored & USED) issues.push(this.warning(line, raw, 'ambiguous-dependency', msg.ambiguousDependency(raw)));
  }

  /**
   * A row's outgoing dependencies. Returns the edges to systems seen earlier in the file; the
   * other names wait for `resolve()`. Warnings (shared name, self-dependency) go to `issues`.
   */
  depend(sourceKey: string, names: readonly string[], line: number, column: string, issues: Draft[]): IntegrationRecord[] | null {
    this.column = column;
    let out: IntegrationRecord[] | null = null;
    let source: string | null = null;
    for (const name of names) {
      const n = nameKey(name);
      hash64(n, NAME_SPACE, H);
      const o = this.table.find(H, false);
      const stored = o < 0 ? NO_NAME : this.table.value2(o);
      source ??= detach(sourceKey);
      if ((stored & CODE) === NO_NAME) {
        this.pending.push({ source, name: detach(name), line });
        continue;
      }
      this.table.setValue2(o, stored | USED);
      const edge = this.link(source, n, name, stored, line, issues);
      if (edge) (out ??= []).push(edge);
    }
    return out;
  }

  private link(source: string, n: string, name: string, stored: number, line: number, issues: Draft[]): IntegrationRecord | null {
    const code = stored & CODE;
    const target = code === DERIVED ? detach(`name:${n}`) : this.explicit[code - 2]!;
    if (target === source) {
      issues.push(this.warning(line, name, 'self-dependency', msg.selfDependency(name)));
      return null;
    }
    if (stored & SHARED) issues.push(this.warning(line, name, 'ambiguous-dependency', msg.ambiguousDependency(name)));
    return new Edge(source, target);
  }

  private warning(line: number, name: string, code: ImportIssue['code'], message: ImportIssue['message']): Draft {
    return { severity: 'warning', code, line, column: this.column, field: 'depends_on', value: truncateValue(name), message };
  }

  /** Resolves the names that were still unknown when their row was read. */
  resolve(file: string | undefined): { integrations: IntegrationRecord[]; issues: ImportIssue[] } {
    const integrations: IntegrationRecord[] = [];
    const drafts: Draft[] = [];
    for (const p of this.pending) {
      const n = nameKey(p.name);
      hash64(n, NAME_SPACE, H);
      const o = this.table.find(H, false);
      const stored = o < 0 ? NO_NAME : this.table.value2(o);
      if ((stored & CODE) === NO_NAME) drafts.push(this.warning(p.line, p.name, 'unresolved-dependency', msg.unresolvedDependency(p.name)));
      else {
        const edge = this.link(p.source, n, p.name, stored, p.line, drafts);
        if (edge) integrations.push(edge);
      }
    }
    this.pending.length = 0;
    const issues = drafts.map((i): ImportIssue => (file !== undefined ? { file, ...i } : i));
    return { integrations, issues };
  }
}

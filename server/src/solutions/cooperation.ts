// Cooperation matchmaking (issue #7): municipalities that use the same product and whose exit
// windows overlap are natural partners for a joint procurement or a joint open-source adoption.
// Pure: the caller passes each municipality's use of one product (its next penalty-free exit
// and its yearly spend) and the number of months a window stays open.
//
// Definitions (docs/methodology.md, "Samarbejde"):
// - A municipality's window for a product opens on its next penalty-free exit and stays open
//   `windowMonths` months: [exit, exit + windowMonths], both days included.
// - Two windows overlap when they share at least one day; windows that touch (one closes on
//   the day the other opens) share that day and so overlap.
// - A cluster is a largest group of municipalities whose windows all share a common period
//   (a maximal clique of the overlap graph; for windows of equal length, a largest group whose
//   exits lie at most `windowMonths` apart). Its shared window is that common period. A
//   municipality between two groups that are too far apart for each other belongs to both
//   clusters: it is a potential partner of either. A lone municipality forms no cluster.
// - A municipality's exit for a product is the latest exit over its usages of it (it is free of
//   the product only when every usage can be left) and unknown when any of them is unknown;
//   unknown exits take part in no cluster and are counted separately.
import { addMonths } from '../scoring/dates.ts';

export interface ProductUse {
  municipalityCode: number;
  name: string;
  /** Next penalty-free exit (yyyy-mm-dd), or null when unknown. */
  nextExit: string | null;
  /** Yearly spend on the product in DKK, or null when no contract states it. */
  yearlySpendDkk: number | null;
}

export interface Window {
  from: string;
  to: string;
}

export interface ClusterMember extends ProductUse {
  nextExit: string;
  window: Window;
}

export interface CooperationCluster {
  /** Members by exit date, then municipality code. */
  members: ClusterMember[];
  /** The period every member's window shares. */
  sharedWindow: Window;
  /** Sum of the members' known yearly spend. */
  combinedSpendDkk: number;
  /** Members whose spend is unknown (not in the sum). */
  spendUnknownCount: number;
}

export interface Partner {
  member: ClusterMember;
  /** The period this partner's window shares with the municipality's. */
  sharedWindow: Window;
}

/**
 * One municipality's exit for a product from its usages' exits: the latest, or null when any
 * usage's exit is unknown (or there are none).
 */
export function productExit(usageExits: readonly (string | null)[]): string | null {
  if (usageExits.length === 0 || usageExits.some((e) => e === null)) return null;
  return (usageExits as string[]).reduce((a, b) => (b > a ? b : a));
}

/** Sums per-usage spend into one municipality's spend: null when none is known. */
export function combinedSpend(spends: readonly (number | null)[]): number | null {
  const known = spends.filter((s): s is number => s !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

export function windowOf(exit: string, windowMonths: number): Window {
  return { from: exit, to: addMonths(exit, windowMonths) };
}

/** Shared days of two windows (inclusive), or null when they share none. */
export function overlap(a: Window, b: Window): Window | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : null;
}

const byExit = (a: ClusterMember, b: ClusterMember) => (a.nextExit < b.nextExit ? -1 : a.nextExit > b.nextExit ? 1 : a.municipalityCode - b.municipalityCode);

function membersOf(uses: readonly ProductUse[], windowMonths: number): ClusterMember[] {
  if (!Number.isInteger(windowMonths) || windowMonths < 0) throw new RangeError(`windowMonths must be a whole number ≥ 0, not ${windowMonths}`);
  return uses
    .filter((u): u is ProductUse & { nextExit: string } => u.nextExit !== null)
    .map((u) => ({ ...u, window: windowOf(u.nextExit, windowMonths) }))
    .sort(byExit);
}

/**
 * The clusters of municipalities whose windows overlap, earliest shared window first. Every
 * window has the same length, so a sweep over the exits in order finds each maximal group once:
 * the group opening at member i is everyone whose window opens before i's closes; it is
 * maximal unless the group opening at i − 1 already reaches its last member.
 */
export function findClusters(uses: readonly ProductUse[], windowMonths: number): { clusters: CooperationCluster[]; unknownExit: ProductUse[] } {
  const members = membersOf(uses, windowMonths);
  const clusters: CooperationCluster[] = [];
  let previousEnd = -1;
  let end = 0;
  for (let i = 0; i < members.length; i++) {
    if (end < i) end = i;
    while (end + 1 < members.length && members[end + 1]!.window.from <= members[i]!.window.to) end++;
    if (end > previousEnd && end > i) {
      const group = members.slice(i, end + 1);
      const known = group.filter((m) => m.yearlySpendDkk !== null);
      clusters.push({
        members: group,
        sharedWindow: { from: group[group.length - 1]!.window.from, to: group[0]!.window.to },
        combinedSpendDkk: known.reduce((s, m) => s + m.yearlySpendDkk!, 0),
        spendUnknownCount: group.length - known.length,
      });
    }
    previousEnd = Math.max(previousEnd, end);
  }
  return { clusters, unknownExit: uses.filter((u) => u.nextExit === null) };
}

/** One municipality's potential partners: everyone whose window overlaps its own, by exit date. */
export function partnersOf(uses: readonly ProductUse[], windowMonths: number, municipalityCode: number): { own: ClusterMember | null; partners: Partner[] } {
  const members = membersOf(uses, windowMonths);
  const own = members.find((m) => m.municipalityCode === municipalityCode) ?? null;
  if (!own) return { own: null, partners: [] };
  const partners: Partner[] = [];
  for (const m of members) {
    if (m === own) continue;
    const shared = overlap(own.window, m.window);
    if (shared) partners.push({ member: m, sharedWindow: shared });
  }
  return { own, partners };
}

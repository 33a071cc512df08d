// Alternative Maturity Score (lockin-scoring.md §3.10), 0–100, higher is better, for catalogue
// entries, from the metrics the catalogue holds. A metric none of whose inputs is known is listed
// as unknown and left out (it does not count as 0): AMS is the weighted score over the known
// metrics, and null ("ukendt") when none is known (issue #14). Also: the F5 substitutability
// facts a function category's alternatives give.
import { z } from 'zod';
import { withinMonthsBefore } from './dates.ts';
import type { Input, SubstitutabilityFacts } from './input.ts';
import { defaultModel, type Model } from './model.ts';
import type { Text } from './rules.ts';

const nullableInt = z.number().int().min(0).nullable().default(null);

/** The catalogue's facts about one alternative; `null` = unknown. */
export const maturityInput = z.object({
  id: z.string().min(1),
  /** OpenSSF Scorecard aggregate, 0–10. */
  scorecardScore: z.number().min(0).max(10).nullable().default(null),
  /** Scorecard `Maintained` check, 0–10. */
  scorecardMaintained: z.number().min(0).max(10).nullable().default(null),
  lastReleaseAt: z.iso.date().nullable().default(null),
  /** CHAOSS elephant factor and contributor absence factor (counts). */
  elephantFactor: nullableInt,
  contributorAbsenceFactor: nullableInt,
  /** OS2 product level 1–3 (null: not an OS2 product or unknown). */
  os2Level: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable().default(null),
  publiccodeDevelopmentStatus: z.string().nullable().default(null),
  /** publiccode.yml maintenance type is not `none`. */
  publiccodeMaintained: z.boolean().nullable().default(null),
  standardForPublicCode: z.boolean().nullable().default(null),
  openChain5230: z.boolean().nullable().default(null),
  openChain18974: z.boolean().nullable().default(null),
  bestPracticesBadge: z.enum(['none', 'passing', 'silver', 'gold']).nullable().default(null),
  euPublicBodies: nullableInt,
  euSupportProviders: nullableInt,
  /** Licence is OSI-approved: only then is the product labelled "open source". */
  osiApproved: z.boolean().nullable().default(null),
  /** QualiPSo OMM level: an optional qualitative badge, not scored. */
  ommLevel: z.enum(['basic', 'intermediate', 'advanced']).nullable().default(null),
});
export type MaturityInput = z.infer<typeof maturityInput>;
export type MaturityInputArg = z.input<typeof maturityInput>;

export type MetricId = 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6';

export interface MaturityComponent {
  metric: MetricId;
  value: number;
  weight: number;
  text: Text;
  /** Inputs that were unknown (left out of the metric's value; a metric with none known is left out of AMS). */
  unknown: string[];
  /** At least one of the metric's own inputs is known: the metric counts in AMS. */
  known: boolean;
}

export interface MaturityScore {
  model: string;
  alternativeId: string;
  /** The weighted score over the known metrics; null ("ukendt") when no metric is known. */
  ams: number | null;
  /** How many of the metrics are known (AMS rests on these), of how many. */
  knownMetrics: number;
  metricCount: number;
  components: MaturityComponent[];
  /** Every unknown input, across components. */
  unknownMetrics: string[];
  note: Text;
  openSourceLabel: boolean;
  ommLevel: MaturityInput['ommLevel'];
}

const communityLevel = (n: number): number => (n >= 4 ? 100 : n === 3 ? 75 : n === 2 ? 50 : n === 1 ? 25 : 0);

/** AMS for one alternative (§3.10). `asOf` decides whether the last release is recent. */
export function maturityScore(raw: MaturityInputArg, asOf: string, model: Model = defaultModel): MaturityScore {
  const a = maturityInput.parse(raw);
  const w = model.ams.weights;
  const components: MaturityComponent[] = [];
  const add = (metric: MetricId, value: number, text: Text, unknown: string[], known: boolean) =>
    components.push({ metric, value: known ? Math.min(100, Math.max(0, value)) : 0, weight: w[metric], text, unknown, known });
  /** The mean of the known parts (unknown parts are left out, not counted as 0). */
  const meanOfKnown = (parts: Array<number | null>) => {
    const known = parts.filter((p): p is number => p !== null);
    return known.length ? known.reduce((x, y) => x + y, 0) / known.length : 0;
  };

  add('M1', (a.scorecardScore ?? 0) * 10,
    { da: 'Sikkerhedspraksis: OpenSSF Scorecard × 10', en: 'Security practice: OpenSSF Scorecard × 10' },
    a.scorecardScore === null ? ['scorecardScore'] : [], a.scorecardScore !== null);

  const released = a.lastReleaseAt === null ? null : withinMonthsBefore(a.lastReleaseAt, asOf, model.ams.releaseWithinMonths) ? 100 : 0;
  add('M2', meanOfKnown([a.scorecardMaintained === null ? null : a.scorecardMaintained * 10, released]),
    { da: 'Vedligehold: gennemsnit af de kendte af Scorecard Maintained × 10 og udgivelse inden for 12 måneder (100/0)', en: 'Maintenance: mean of the known of Scorecard Maintained × 10 and a release within 12 months (100/0)' },
    [...(a.scorecardMaintained === null ? ['scorecardMaintained'] : []), ...(a.lastReleaseAt === null ? ['lastReleaseAt'] : [])],
    a.scorecardMaintained !== null || a.lastReleaseAt !== null);

  add('M3', meanOfKnown([a.elephantFactor === null ? null : communityLevel(a.elephantFactor), a.contributorAbsenceFactor === null ? null : communityLevel(a.contributorAbsenceFactor)]),
    { da: 'Fællesskabets robusthed: elephant factor og contributor absence factor (≥ 4 → 100, 3 → 75, 2 → 50, 1 → 25), gennemsnit af de kendte', en: 'Community robustness: elephant factor and contributor absence factor (≥ 4 → 100, 3 → 75, 2 → 50, 1 → 25), mean of the known' },
    [...(a.elephantFactor === null ? ['elephantFactor'] : []), ...(a.contributorAbsenceFactor === null ? ['contributorAbsenceFactor'] : [])],
    a.elephantFactor !== null || a.contributorAbsenceFactor !== null);

  let m4 = a.os2Level === 3 ? 100 : a.os2Level === 2 ? 66 : a.os2Level === 1 ? 33 : 0;
  if (m4 === 0 && a.publiccodeDevelopmentStatus === 'stable' && a.publiccodeMaintained === true) m4 = 66;
  if (a.standardForPublicCode === true) m4 += model.ams.publicCodeStandardAdd;
  const m4Unknown: string[] = [];
  if (a.os2Level === null && (a.publiccodeDevelopmentStatus === null || a.publiccodeMaintained === null)) {
    m4Unknown.push(...(a.publiccodeDevelopmentStatus === null ? ['publiccodeDevelopmentStatus'] : []), ...(a.publiccodeMaintained === null ? ['publiccodeMaintained'] : []));
  }
  if (a.standardForPublicCode === null) m4Unknown.push('standardForPublicCode');
  add('M4', m4,
    { da: 'Offentlig styring: OS2-niveau 3/2/1 → 100/66/33, ellers publiccode.yml stable og vedligeholdt → 66; +10 for Standard for Public Code', en: 'Public-sector governance: OS2 level 3/2/1 → 100/66/33, else publiccode.yml stable and maintained → 66; +10 for the Standard for Public Code' },
    m4Unknown,
    a.os2Level !== null || (a.publiccodeDevelopmentStatus !== null && a.publiccodeMaintained !== null) || a.standardForPublicCode !== null);

  const openChain = (a.openChain5230 ? 50 : 0) + (a.openChain18974 ? 50 : 0);
  const badge = a.bestPracticesBadge === 'gold' ? 100 : a.bestPracticesBadge === 'silver' ? 75 : a.bestPracticesBadge === 'passing' ? 50 : 0;
  const m5Unknown: string[] = [];
  if (openChain === 0) {
    if (a.openChain5230 === null) m5Unknown.push('openChain5230');
    if (a.openChain18974 === null) m5Unknown.push('openChain18974');
    if (a.bestPracticesBadge === null) m5Unknown.push('bestPracticesBadge');
  }
  add('M5', openChain > 0 ? openChain : badge,
    { da: 'Forsyningskæde: OpenChain ISO/IEC 5230 (+50) og 18974 (+50); ellers OpenSSF Best Practices-badge (passing 50 / silver 75 / gold 100)', en: 'Supply chain: OpenChain ISO/IEC 5230 (+50) and 18974 (+50); else OpenSSF Best Practices badge (passing 50 / silver 75 / gold 100)' },
    m5Unknown,
    a.openChain5230 !== null || a.openChain18974 !== null || a.bestPracticesBadge !== null);

  const bodies = a.euPublicBodies ?? 0;
  let m6 = bodies >= 10 ? 100 : bodies >= 3 ? 66 : bodies >= 1 ? 33 : 0;
  if (!(a.euSupportProviders !== null && a.euSupportProviders >= 2)) m6 /= 2;
  add('M6', m6,
    { da: 'Udbredelse og supportmarked: ≥ 10 offentlige EU-brugere → 100, 3–9 → 66, 1–2 → 33; halveret ved færre end 2 uafhængige EU-supportleverandører (ukendt tæller som færre)', en: 'Adoption and support: ≥ 10 EU public bodies → 100, 3–9 → 66, 1–2 → 33; halved with fewer than 2 independent EU support providers (unknown counts as fewer)' },
    [...(a.euPublicBodies === null ? ['euPublicBodies'] : []), ...(a.euSupportProviders === null ? ['euSupportProviders'] : [])],
    a.euPublicBodies !== null);

  let num = 0;
  let den = 0;
  for (const c of components) {
    if (!c.known) continue;
    num += c.weight * c.value;
    den += c.weight;
  }
  return {
    model: model.version,
    alternativeId: a.id,
    ams: den > 0 ? num / den : null,
    knownMetrics: components.filter((c) => c.known).length,
    metricCount: components.length,
    components,
    unknownMetrics: components.flatMap((c) => c.unknown),
    note: {
      da: 'En måling uden kendte input udelades (tæller ikke 0); AMS er det vægtede gennemsnit af de kendte målinger og "ukendt", når ingen kendes.',
      en: 'A metric with no known input is left out (it does not count as 0); AMS is the weighted mean of the known metrics, and "unknown" when none is known.',
    },
    openSourceLabel: a.osiApproved === true,
    ommLevel: a.ommLevel,
  };
}

/** What F5 needs to know about one alternative in the category. */
export interface AlternativeSummary {
  viable: boolean;
  openSource: boolean;
  euControlled: boolean;
  /** AMS; null when not computed (counts as below the threshold). */
  ams: number | null;
}

/**
 * The F5 facts from a category's alternatives (catalogue provenance): the number of viable
 * alternatives and whether one is open source or EU-controlled with AMS ≥ 60. `alternatives`
 * null means the category is unknown; `nationalCategoryHhi` null means not computed.
 */
export function substitutabilityFromAlternatives(
  alternatives: readonly AlternativeSummary[] | null,
  nationalCategoryHhi: number | null,
  observedAt: string | null = null,
  model: Model = defaultModel,
): SubstitutabilityFacts {
  const known = <T>(value: T | null): Input<T> =>
    value === null ? { value: null, provenance: 'unknown', observedAt: null } : { value, provenance: 'catalogue', observedAt };
  if (alternatives === null) {
    return { viableAlternatives: known<number>(null), openOrEuAlternative: known<boolean>(null), nationalCategoryHhi: known(nationalCategoryHhi) };
  }
  const viable = alternatives.filter((a) => a.viable);
  const threshold = model.scales.F5.amsThreshold;
  return {
    viableAlternatives: known(viable.length),
    openOrEuAlternative: known(viable.some((a) => (a.openSource || a.euControlled) && (a.ams ?? 0) >= threshold)),
    nationalCategoryHhi: known(nationalCategoryHhi),
  };
}

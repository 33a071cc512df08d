// The candidate inputs (issue #14): the nine facts of an open-source alternative that the model
// reads when it proposes the alternative as an exit path (F1–F9), and the rule that decides
// whether a reference alternative is published or stays public as unverified. One definition
// for the loader, the reference-data test and the pages. Pure: facts in, verdict out.
import type { Text } from '../scoring/rules.ts';

/** A sourced fact as the facts file and `alternative_facts` hold it (verified or not). */
export interface FactLike {
  fact: string;
  value: string;
  qualifiers: Readonly<Record<string, string | undefined>>;
  verified?: boolean;
}

export type CandidateInputId =
  | 'data_export'
  | 'export_format_kind'
  | 'export_format'
  | 'api_availability'
  | 'api_standard'
  | 'spdx_license'
  | 'code_governance'
  | 'deployment'
  | 'supplier_country';

export interface CandidateInput {
  id: CandidateInputId;
  /** The lock-in factors the input feeds. */
  factors: string;
  label: Text;
  /** Known when the alternative has at least one such fact (verified or not: each has a source). */
  known: (facts: readonly FactLike[]) => boolean;
}

const has = (fact: string) => (facts: readonly FactLike[]) => facts.some((f) => f.fact === fact);

/** The nine candidate inputs, in the order of the shared definition. */
export const CANDIDATE_INPUTS: readonly CandidateInput[] = [
  { id: 'data_export', factors: 'F1', label: { da: 'Dataeksport', en: 'Data export' }, known: has('data_export') },
  { id: 'export_format_kind', factors: 'F1/F2', label: { da: 'Eksportformatets art', en: 'Export format kind' }, known: has('export_format_kind') },
  { id: 'export_format', factors: 'F1/F2', label: { da: 'Eksportformater', en: 'Export formats' }, known: has('export_format') },
  { id: 'api_availability', factors: 'F2/F3', label: { da: 'API', en: 'API availability' }, known: has('api_availability') },
  { id: 'api_standard', factors: 'F2/F3', label: { da: 'API-standarder', en: 'API standards' }, known: has('api_standard') },
  { id: 'spdx_license', factors: 'F6', label: { da: 'Licens (licensmodel)', en: 'Licence (licence model)' }, known: has('spdx_license') },
  { id: 'code_governance', factors: 'F6', label: { da: 'Styring af koden', en: 'Code governance' }, known: has('code_governance') },
  { id: 'deployment', factors: 'F7/F8', label: { da: 'Driftsformer', en: 'Deployment options' }, known: has('deployment') },
  {
    id: 'supplier_country',
    factors: 'F8',
    label: { da: 'Leverandør eller forvalter med land', en: 'Supplier or steward with a country' },
    known: (facts) => facts.some((f) => (f.fact === 'supplier' || f.fact === 'steward') && !!f.qualifiers.country),
  },
];

/** The share of known inputs needed to publish (issue #14: ≥ 80 % of F1–F9, i.e. 8 of 9). */
export const MIN_KNOWN_INPUTS = Math.ceil(0.8 * CANDIDATE_INPUTS.length);

export interface CandidateInputCoverage {
  known: CandidateInput[];
  missing: CandidateInput[];
  /** known / 9, 0–1. */
  share: number;
}

export function candidateInputCoverage(facts: readonly FactLike[]): CandidateInputCoverage {
  const known = CANDIDATE_INPUTS.filter((i) => i.known(facts));
  const missing = CANDIDATE_INPUTS.filter((i) => !i.known(facts));
  return { known, missing, share: known.length / CANDIDATE_INPUTS.length };
}

/** The content a published alternative must have (columns of the catalogue entry). */
export interface PublishableContent {
  descriptionDa: string | null;
  descriptionEn: string | null;
  spdxLicense: string | null;
  developmentStatus: string | null;
  maintenanceType: string | null;
  repositoryUrl: string | null;
}

export interface Requirement {
  id: string;
  label: Text;
}

const CONTENT: ReadonlyArray<{ key: keyof PublishableContent; id: string; label: Text }> = [
  { key: 'descriptionDa', id: 'description_da', label: { da: 'dansk beskrivelse', en: 'Danish description' } },
  { key: 'descriptionEn', id: 'description_en', label: { da: 'engelsk beskrivelse', en: 'English description' } },
  { key: 'spdxLicense', id: 'spdx_license', label: { da: 'SPDX-licens', en: 'SPDX licence' } },
  { key: 'developmentStatus', id: 'development_status', label: { da: 'udviklingsstatus', en: 'development status' } },
  { key: 'maintenanceType', id: 'maintenance_type', label: { da: 'vedligeholdelsesform', en: 'maintenance type' } },
  { key: 'repositoryUrl', id: 'repository_url', label: { da: 'kodearkiv (URL)', en: 'repository URL' } },
];

export interface Publishability {
  publishable: boolean;
  /** Every requirement not met, content first, then the missing candidate inputs (when fewer than 8 of 9 are known). */
  missing: Requirement[];
  coverage: CandidateInputCoverage;
}

/**
 * Whether a reference alternative may be published (state `published`): it has its Danish and
 * English descriptions, SPDX licence, development status, maintenance type and repository URL,
 * at least 8 of the 9 candidate inputs, and its name is not an unverified `name` fact. Otherwise
 * it stays public as `unverified`: shown, never recommended.
 */
export function publishable(content: PublishableContent, facts: readonly FactLike[]): Publishability {
  const missing: Requirement[] = CONTENT.filter((c) => !content[c.key]?.trim()).map(({ id, label }) => ({ id, label }));
  const coverage = candidateInputCoverage(facts);
  if (coverage.known.length < MIN_KNOWN_INPUTS) {
    missing.push({
      id: 'candidate_inputs',
      label: {
        da: `kandidatfakta (${coverage.known.length} af ${CANDIDATE_INPUTS.length} kendt, mindst ${MIN_KNOWN_INPUTS} kræves; mangler: ${coverage.missing.map((i) => i.label.da.toLowerCase()).join(', ')})`,
        en: `candidate inputs (${coverage.known.length} of ${CANDIDATE_INPUTS.length} known, at least ${MIN_KNOWN_INPUTS} required; missing: ${coverage.missing.map((i) => i.label.en.toLowerCase()).join(', ')})`,
      },
    });
  }
  if (facts.some((f) => f.fact === 'name' && f.verified === false)) missing.push({ id: 'name', label: { da: 'verificeret navn', en: 'a verified name' } });
  return { publishable: missing.length === 0, missing, coverage };
}

/** The moderation note of an alternative that is not publishable: what it lacks, in both languages. */
export function unpublishableNote(p: Publishability): string | null {
  if (p.publishable) return null;
  return `Ikke publiceret (issue #14), mangler: ${p.missing.map((m) => m.label.da).join('; ')}. / Not published, lacks: ${p.missing.map((m) => m.label.en).join('; ')}.`;
}

// What a provisional ("foreløbig") score is missing: the inputs the factor rules consulted and
// found unknown, grouped into the themes a municipality fills in (contract data, hosting, the
// vendor's ownership …). Recorded by the same pass that computes the factor confidence q_f
// (factors.ts `see`), so "kontraktdata mangler for 212 af 340 systemer" counts exactly the systems
// whose contract inputs pulled their confidence down. Pure.
import type { Text } from './rules.ts';

export const missingInputKinds = [
  'contract', 'contractTerms', 'hosting', 'keysAndBackup', 'ownership', 'dataExport', 'api', 'integrations', 'alternatives', 'codeBasis', 'exitPlan', 'criticality',
] as const;
export type MissingInputKind = (typeof missingInputKinds)[number];

/** What is missing, as the subject of "… mangler for N af M systemer" / "… missing for N of M systems". */
export const missingInputLabels: Record<MissingInputKind, Text> = {
  contract: { da: 'Kontrakt (slutdato og opsigelsesvarsel)', en: 'Contract (end date and notice period)' },
  contractTerms: { da: 'Kontraktens exitvilkår (exitklausul, gebyrer, licenser, samlet leverance)', en: "The contract's exit terms (exit clause, charges, licences, bundled scope)" },
  hosting: { da: 'Driftsform og dataplacering', en: 'Hosting model and data location' },
  keysAndBackup: { da: 'Nøgleforvaltning og ekstern backup', en: 'Key management and external backup' },
  ownership: { da: 'Leverandørens ejerskab og land', en: "The vendor's ownership and country" },
  dataExport: { da: 'Dataeksport', en: 'Data export' },
  api: { da: 'API', en: 'API' },
  integrations: { da: 'Integrationer', en: 'Integrations' },
  alternatives: { da: 'Kategori og alternativer', en: 'Category and alternatives' },
  codeBasis: { da: 'Kodegrundlag', en: 'Code basis' },
  exitPlan: { da: 'Exitplan', en: 'Exit plan' },
  criticality: { da: 'Kritikalitet', en: 'Criticality' },
};

const byName: Readonly<Record<string, MissingInputKind>> = {
  contracts: 'contract',
  hostingModel: 'hosting',
  keyManagement: 'keysAndBackup',
  externalBackupTestedAt: 'keysAndBackup',
  parties: 'ownership',
  dataExport: 'dataExport',
  exportFormatKind: 'dataExport',
  exportTestedAt: 'dataExport',
  exportCharges: 'dataExport',
  apiAvailability: 'api',
  integrationCount: 'integrations',
  requiresSpecificPlatform: 'integrations',
  viableAlternatives: 'alternatives',
  openOrEuAlternative: 'alternatives',
  nationalCategoryHhi: 'alternatives',
  codeGovernance: 'codeBasis',
  exitPlan: 'exitPlan',
  exitPlanTestedAt: 'exitPlan',
  exitPlanOwner: 'exitPlan',
};

/** A contract's exit terms (F4's modifiers); its end date, notice and the like are `contract`. */
const contractTermSuffixes: ReadonlySet<string> = new Set(['.exitClause', '.switchingCharges', '.licencesPortable', '.bundledScope']);

/**
 * The theme of a consulted input: `name` as factors.ts passes it to `see` (a plain input name, a
 * contract's prefix with a `.term` suffix, or a party with `.country`/`.dataLocation`/…).
 */
export function missingInputKind(name: string, suffix: string | undefined, party: boolean): MissingInputKind {
  if (party) return suffix === '.dataLocation' ? 'hosting' : 'ownership';
  if (suffix !== undefined) return contractTermSuffixes.has(suffix) ? 'contractTerms' : 'contract';
  const kind = byName[name];
  if (!kind) throw new Error(`No missing-input theme for the input ${name}`);
  return kind;
}

/** Kinds in their fixed order (the order above), without duplicates. */
export function orderedKinds(kinds: Iterable<MissingInputKind>): MissingInputKind[] {
  const set = new Set(kinds);
  return missingInputKinds.filter((k) => set.has(k));
}

/** One line of a municipality's missing-inputs summary. */
export interface MissingInputCount {
  input: MissingInputKind;
  /** Systems with at least one unknown input of this theme. */
  systems: number;
  label: Text;
}

/** The summary, most systems first (ties in the fixed order); themes no system misses are left out. */
export function missingInputSummary(counts: Readonly<Partial<Record<MissingInputKind, number>>>): MissingInputCount[] {
  return missingInputKinds
    .filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => ({ input: k, systems: counts[k]!, label: missingInputLabels[k] }))
    .sort((a, b) => b.systems - a.systems || missingInputKinds.indexOf(a.input) - missingInputKinds.indexOf(b.input));
}

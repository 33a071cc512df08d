// Shared facts for the solution tests (exit paths, scenarios): spread and override one field.
import { OBSERVED } from '../scoring/test-builders.ts';
import type { CandidateFacts } from './candidates.ts';

/** An open-source candidate run by several organisations, with a full export in an open standard and a public API. */
export const openFacts: CandidateFacts = {
  licenseModel: 'open_source',
  codeGovernance: 'multi_organisation',
  dataExport: 'full',
  exportFormatKind: 'open_standard',
  apiAvailability: 'public_open_standard',
  observedAt: OBSERVED,
};

// Words for every code a person reads: one module that pages (web/src imports it), exports and
// error messages share, so a page and a spreadsheet never name the same value differently.
// The API keeps the machine codes; these are what a reader sees in their place.
import * as v from './vocabulary.ts';

export type Lang = 'da' | 'en';
type Name = { da: string; en: string };
type Labelled = { labels: Readonly<Record<string, Name>> };

/** Codes that live outside vocabulary.ts (scoring enums) with their words. */
const extra = {
  /** A party's role for one system (scoring/input.ts `partyRole`). */
  partyRole: {
    labels: {
      supplier: { da: 'leverandøren', en: 'the supplier' },
      operator: { da: 'driftsleverandøren', en: 'the operator' },
      host: { da: 'hostingleverandøren', en: 'the host' },
      iaas_host: { da: 'infrastrukturleverandøren (IaaS)', en: 'the infrastructure (IaaS) provider' },
      platform: { da: 'platformsleverandøren', en: 'the platform vendor' },
      sub_processor: { da: 'underdatabehandleren', en: 'the sub-processor' },
      rights_holder: { da: 'rettighedshaveren', en: 'the rights holder' },
    },
  },
  /**
   * What a step of a dependency path stands for (scoring/vendor-reach.ts `edgeLabels`): the
   * system on the left depends on the one on the right.
   */
  dependencyEdge: {
    labels: {
      data: { da: 'bruger data fra', en: 'uses data from' },
      identity: { da: 'logger ind med', en: 'logs in with' },
      platform: { da: 'kræver platformen', en: 'requires platform' },
      'data-unknown-direction': { da: 'tovejsintegration (retning ukendt)', en: 'two-way integration, direction unknown' },
      'data-undirected': { da: 'dataintegration, begge retninger (model 1.0)', en: 'data integration, both directions (model 1.0)' },
    },
  },
  nonEuSubProcessors: {
    labels: {
      none: { da: 'ingen', en: 'none' },
      non_material: { da: 'uvæsentlige', en: 'not material' },
      material: { da: 'væsentlige', en: 'material' },
    },
  },
  /** Where a vendor's ultimate owner is governed. */
  jurisdiction: {
    labels: {
      dk: { da: 'Danmark', en: 'Denmark' },
      eu: { da: 'EU/EØS', en: 'EU/EEA' },
      non_eu: { da: 'uden for EU/EØS', en: 'outside the EU/EEA' },
      unknown: { da: 'ukendt', en: 'unknown' },
    },
  },
  /** How an open-source alternative can be run (reference/schemas.ts `ALTERNATIVE_DEPLOYMENTS`). */
  alternativeDeployment: {
    labels: {
      self_hosted: { da: 'Drift i egen regi', en: 'Self-hosted' },
      eu_saas: { da: 'SaaS i EU', en: 'SaaS in the EU' },
      danish_operator: { da: 'Dansk driftsleverandør', en: 'Danish operator' },
      non_eu_saas: { da: 'SaaS uden for EU', en: 'SaaS outside the EU' },
    },
  },
  /** The sourced facts about an alternative (reference/schemas.ts `ALTERNATIVE_FACTS`), as a page names them. */
  alternativeFact: {
    labels: {
      name: { da: 'Navn', en: 'Name' },
      homepage_url: { da: 'Hjemmeside', en: 'Website' },
      repository_url: { da: 'Kildekode', en: 'Source code' },
      description_da: { da: 'Beskrivelse (dansk)', en: 'Description (Danish)' },
      description_en: { da: 'Beskrivelse (engelsk)', en: 'Description (English)' },
      spdx_license: { da: 'Licens (SPDX)', en: 'Licence (SPDX)' },
      development_status: { da: 'Udviklingsstatus', en: 'Development status' },
      maintenance_type: { da: 'Vedligeholdelse', en: 'Maintenance' },
      software_type: { da: 'Softwaretype', en: 'Software type' },
      platform: { da: 'Platforme', en: 'Platforms' },
      available_language: { da: 'Sprog', en: 'Languages' },
      localisation_ready: { da: 'Klar til oversættelse', en: 'Ready for localisation' },
      data_export: { da: 'Dataeksport', en: 'Data export' },
      export_format: { da: 'Eksportformater', en: 'Export formats' },
      export_format_kind: { da: 'Eksportformaternes art', en: 'Kind of export formats' },
      api_availability: { da: 'API', en: 'API' },
      api_standard: { da: 'API-standarder', en: 'API standards' },
      deployment: { da: 'Driftsformer', en: 'Deployment options' },
      code_governance: { da: 'Styring af koden', en: 'Code governance' },
      steward: { da: 'Forvalter', en: 'Steward' },
      supplier: { da: 'Leverandører', en: 'Suppliers' },
      used_by: { da: 'Brugere', en: 'Users' },
      function: { da: 'Funktioner', en: 'Functions' },
      last_release: { da: 'Seneste udgivelse', en: 'Latest release' },
      depends_on: { da: 'Afhænger af', en: 'Depends on' },
      part_of: { da: 'Del af', en: 'Part of' },
    },
  },
} satisfies Record<string, Labelled>;

/** Every vocabulary whose codes reach a reader, by name. */
export const VOCABULARIES = {
  provenance: v.provenance,
  lifecycle: v.lifecycle,
  hostingModel: v.hostingModel,
  criticality: v.criticality,
  userCountBand: v.userCountBand,
  dataSensitivity: v.dataSensitivity,
  licenseModel: v.licenseModel,
  deploymentModel: v.deploymentModel,
  dataExport: v.dataExport,
  exportFormatKind: v.exportFormatKind,
  apiAvailability: v.apiAvailability,
  codeGovernance: v.codeGovernance,
  keyManagement: v.keyManagement,
  dataLocation: v.dataLocation,
  exitPlan: v.exitPlan,
  integrationKind: v.integrationKind,
  integrationDirection: v.integrationDirection,
  vendorKind: v.vendorKind,
  vendorRoleKind: v.vendorRoleKind,
  moderationState: v.moderationState,
  function: v.functionTerm,
  migrationEffort: v.migrationEffort,
  importStatus: v.importStatus,
  inventoryVersionKind: v.inventoryVersionKind,
  ...extra,
} satisfies Record<string, Labelled>;
export type VocabularyName = keyof typeof VOCABULARIES;

/**
 * The word for `code` in vocabulary `name`; null as "ukendt"/"unknown". A code the vocabulary does
 * not know (an old row, a file's own value) is shown with its underscores as spaces, never as code.
 */
export function label(name: VocabularyName, code: string | null | undefined, lang: Lang = 'da'): string {
  if (code == null || code === '') return lang === 'da' ? 'ukendt' : 'unknown';
  const labels = VOCABULARIES[name].labels as Readonly<Record<string, Name>>;
  return labels[code]?.[lang] ?? code.replace(/[_-]+/g, ' ');
}

/** Names of the scoring inputs (scoring/factors.ts `see`), as the noun a sentence starts with. */
export const INPUT_NAMES: Readonly<Record<string, Name>> = {
  dataExport: { da: 'Dataeksport', en: 'Data export' },
  exportFormatKind: { da: 'Eksportformat', en: 'Export format' },
  exportTestedAt: { da: 'Eksport senest afprøvet', en: 'Export last tested' },
  exportCharges: { da: 'Gebyr for eksport', en: 'Export charges' },
  apiAvailability: { da: 'API', en: 'API' },
  integrationCount: { da: 'Antal integrationer', en: 'Number of integrations' },
  requiresSpecificPlatform: { da: 'Kræver bestemt platform', en: 'Requires a specific platform' },
  contracts: { da: 'Kontrakter', en: 'Contracts' },
  viableAlternatives: { da: 'Brugbare alternativer', en: 'Viable alternatives' },
  openOrEuAlternative: { da: 'Åbent eller europæisk alternativ', en: 'Open or European alternative' },
  nationalCategoryHhi: { da: 'Kategoriens koncentration (HHI)', en: 'Category concentration (HHI)' },
  codeGovernance: { da: 'Kodestyring', en: 'Code governance' },
  licenseModel: { da: 'Licensmodel', en: 'Licence model' },
  hostingModel: { da: 'Driftsform', en: 'Hosting model' },
  keyManagement: { da: 'Nøglehåndtering', en: 'Key management' },
  externalBackupTestedAt: { da: 'Ekstern backup testet', en: 'External backup tested' },
  parties: { da: 'Leverandører', en: 'Vendors' },
  exitPlan: { da: 'Exitplan', en: 'Exit plan' },
  exitPlanTestedAt: { da: 'Exitplanen senest afprøvet', en: 'Exit plan last tested' },
  exitPlanOwner: { da: 'Ejer af exitplanen', en: 'Owner of the exit plan' },
  criticality: { da: 'Kritikalitet', en: 'Criticality' },
};

/** A contract's fields as scoring names them (`contracts[id].field`). */
const CONTRACT_FIELDS: Readonly<Record<string, Name>> = {
  endDate: { da: 'Udløbsdato', en: 'End date' },
  noticeMonths: { da: 'Opsigelsesvarsel (måneder)', en: 'Notice period (months)' },
  irrevocableUntil: { da: 'Uopsigelig indtil', en: 'Irrevocable until' },
  terminatedAt: { da: 'Opsagt pr.', en: 'Terminated on' },
  exitClause: { da: 'Exitklausul', en: 'Exit clause' },
  switchingCharges: { da: 'Gebyr for at skifte', en: 'Switching charges' },
  licencesPortable: { da: 'Licenser kan flyttes', en: 'Licences portable' },
  bundledScope: { da: 'Udvikling, vedligehold og drift i én kontrakt', en: 'Development, maintenance and operation in one contract' },
};

/** A party's fields as scoring names them (`parties[name/role].field`). */
const PARTY_FIELDS: Readonly<Record<string, Name>> = {
  country: { da: 'Land', en: 'Country' },
  dataLocation: { da: 'Dataplacering', en: 'Data location' },
  nonEuSubProcessors: { da: 'Underdatabehandlere uden for EU/EØS', en: 'Sub-processors outside the EU/EEA' },
};

/**
 * A scoring input's name as a sentence a reader understands: "Exitklausul i kontrakten «Microsoft –
 * aftale 4»", "Land for leverandøren NEC Corporation". `contractName` names a contract by the id
 * scoring gives it (null: "kontrakt 23"). An input no table knows keeps its name, split into words.
 */
export function inputSentence(name: string, lang: Lang = 'da', contractName: (id: string) => string | null = () => null): string {
  const contract = /^contracts\[([^\]]+)\]\.(\w+)$/.exec(name);
  if (contract) {
    const [, id, field] = contract as unknown as [string, string, string];
    const what = CONTRACT_FIELDS[field]?.[lang] ?? words(field);
    const named = contractName(id);
    if (lang === 'da') return named ? `${what} i kontrakten «${named}»` : `${what} i kontrakt ${id}`;
    return named ? `${what} in the contract “${named}”` : `${what} in contract ${id}`;
  }
  const party = /^parties\[(.+)\/(\w+)\]\.(\w+)$/.exec(name);
  if (party) {
    const [, who, role, field] = party as unknown as [string, string, string, string];
    const what = PARTY_FIELDS[field]?.[lang] ?? words(field);
    const roleWord = label('partyRole', role, lang);
    return lang === 'da' ? `${what} for ${roleWord} ${who}` : `${what} for ${roleWord}, ${who}`;
  }
  return INPUT_NAMES[name]?.[lang] ?? words(name);
}

/** camelCase or snake_case as words with a capital first letter ("exportTestedAt" → "Export tested at"). */
function words(code: string): string {
  const s = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The import profiles' target fields (importers/profiles/fields.ts) as words, for the mapping drop-downs. */
export const IMPORT_FIELD_NAMES: Readonly<Record<string, Name>> = {
  system_name: { da: 'Systemets navn', en: 'System name' },
  kitos_uuid: { da: 'KITOS-id (UUID)', en: 'KITOS id (UUID)' },
  category: { da: 'Kategori', en: 'Category' },
  local_name: { da: 'Lokalt navn', en: 'Local name' },
  local_id: { da: 'Lokalt id', en: 'Local id' },
  version: { da: 'Version', en: 'Version' },
  lifecycle: { da: 'Livscyklus', en: 'Life cycle' },
  supplier: { da: 'Leverandør', en: 'Supplier' },
  supplier_cvr: { da: 'Leverandørens CVR-nummer', en: 'Supplier’s CVR number' },
  rights_holder: { da: 'Rettighedshaver', en: 'Rights holder' },
  rights_holder_cvr: { da: 'Rettighedshaverens CVR-nummer', en: 'Rights holder’s CVR number' },
  hosting_model: { da: 'Driftsform', en: 'Hosting model' },
  hosted_by: { da: 'Hostes af', en: 'Hosted by' },
  operated_by: { da: 'Drives af', en: 'Operated by' },
  data_location: { da: 'Dataplacering', en: 'Data location' },
  criticality: { da: 'Kritikalitet', en: 'Criticality' },
  business_critical: { da: 'Forretningskritisk', en: 'Business critical' },
  user_count_band: { da: 'Antal brugere', en: 'Number of users' },
  data_sensitivity: { da: 'Datafølsomhed', en: 'Data sensitivity' },
  in_use_from: { da: 'I brug fra', en: 'In use from' },
  in_use_to: { da: 'I brug til', en: 'In use until' },
  responsible_unit: { da: 'Ansvarlig enhed', en: 'Responsible unit' },
  business_type: { da: 'Forretningstype', en: 'Business type' },
  notes: { da: 'Bemærkninger', en: 'Notes' },
  data_export: { da: 'Dataeksport', en: 'Data export' },
  export_formats: { da: 'Eksportformater', en: 'Export formats' },
  export_format_kind: { da: 'Slags eksportformat', en: 'Kind of export format' },
  export_tested_at: { da: 'Eksport senest afprøvet', en: 'Export last tested' },
  export_charges: { da: 'Gebyr for eksport', en: 'Export charges' },
  api_availability: { da: 'API', en: 'API' },
  api_standards: { da: 'API-standarder', en: 'API standards' },
  license_model: { da: 'Licensmodel', en: 'Licence model' },
  key_management: { da: 'Nøglehåndtering', en: 'Key management' },
  external_backup_tested_at: { da: 'Ekstern backup senest afprøvet', en: 'External backup last tested' },
  exit_plan: { da: 'Exitplan', en: 'Exit plan' },
  exit_plan_tested_at: { da: 'Exitplanen senest afprøvet', en: 'Exit plan last tested' },
  exit_plan_owner: { da: 'Ejer af exitplanen', en: 'Owner of the exit plan' },
  sub_processors: { da: 'Underdatabehandlere', en: 'Sub-processors' },
  depends_on: { da: 'Afhænger af', en: 'Depends on' },
  contracts: { da: 'Kontrakter', en: 'Contracts' },
  municipality: { da: 'Kommune', en: 'Municipality' },
  municipality_cvr: { da: 'Kommunens CVR-nummer', en: 'Municipality’s CVR number' },
  kle: { da: 'KLE-numre', en: 'KLE numbers' },
  kle_names: { da: 'KLE-emner', en: 'KLE titles' },
  local_kle: { da: 'Lokale KLE-numre', en: 'Local KLE numbers' },
  local_kle_names: { da: 'Lokale KLE-emner', en: 'Local KLE titles' },
  contract_name: { da: 'Kontraktens navn', en: 'Contract name' },
  contract_id: { da: 'Kontrakt-id', en: 'Contract id' },
  valid_from: { da: 'Gyldig fra', en: 'Valid from' },
  valid_to: { da: 'Gyldig til', en: 'Valid until' },
  irrevocable_until: { da: 'Uopsigelig indtil', en: 'Irrevocable until' },
  notice_months: { da: 'Opsigelsesvarsel (måneder)', en: 'Notice period (months)' },
  terminated_at: { da: 'Opsagt pr.', en: 'Terminated on' },
  acquisition_cost_dkk: { da: 'Anskaffelsespris (kr.)', en: 'Acquisition cost (DKK)' },
  yearly_operation_cost_dkk: { da: 'Årlig driftsudgift (kr.)', en: 'Yearly operating cost (DKK)' },
  other_cost_dkk: { da: 'Andre udgifter (kr.)', en: 'Other costs (DKK)' },
  procurement_strategy: { da: 'Udbudsform', en: 'Procurement strategy' },
  purchase_form: { da: 'Indkøbsform', en: 'Purchase form' },
  contract_type: { da: 'Kontrakttype', en: 'Contract type' },
  auto_renewal: { da: 'Forlænges automatisk', en: 'Renews automatically' },
  exit_clause: { da: 'Exitklausul', en: 'Exit clause' },
  switching_charges: { da: 'Gebyr for at skifte', en: 'Switching charges' },
  licences_portable: { da: 'Licenser kan flyttes', en: 'Licences portable' },
  bundled_scope: { da: 'Udvikling, vedligehold og drift i én kontrakt', en: 'Development, maintenance and operation in one contract' },
  duration: { da: 'Varighed', en: 'Duration' },
  systems: { da: 'Systemer', en: 'Systems' },
  system_uuids: { da: 'Systemernes KITOS-id’er', en: 'Systems’ KITOS ids' },
  extra: { da: 'Ekstra kolonne (gemmes som tekst)', en: 'Extra column (kept as text)' },
};

/** An import target field as words; an unknown id split into words. */
export const importFieldName = (id: string, lang: Lang = 'da'): string => IMPORT_FIELD_NAMES[id]?.[lang] ?? words(id);

// The generic inventory profiles: the canonical column names of docs/data-dictionary.md, with
// Danish and English aliases (and the KITOS titles) for sheets people make by hand.
//
// `generic` is a usage sheet. When it also has contract columns ("Contract end", "Annual cost
// (DKK)" …), every row that fills one of them yields a contract too: named by `contract_name` or
// else after the system, supplied by the row's supplier, covering that row's usage.
// `generic-contracts` is the companion sheet with one row per contract.
import { CONTRACT_FIELDS, CONTRACT_TERM_IDS, USAGE_FIELDS } from './fields.ts';
import type { Profile } from './profile.ts';

const usageAliases: Record<string, readonly string[]> = {
  system_name: [
    'product_name', 'System', 'System name', 'Systemnavn', 'Systemets navn', 'It-system', 'IT system', 'IT-systemnavn',
    'It-system navn', 'Application', 'Application name', 'Applikation', 'Applikationsnavn', 'Product', 'Product name',
    'Produkt', 'Produktnavn', 'Name', 'Navn', 'Software', 'Løsning', 'Fagsystem',
  ],
  kitos_uuid: ['system_uuid', 'IT-System (UUID)', 'KITOS UUID', 'KITOS-UUID', 'UUID'],
  local_name: ['Lokal kaldenavn', 'Lokalt kaldenavn', 'Lokalt navn', 'Local name', 'Kaldenavn', 'Alias'],
  local_id: ['Lokal System ID', 'Lokalt system-ID', 'Lokalt ID', 'Local ID', 'System ID', 'ID'],
  version: ['Versionsnummer'],
  category: ['Kategori'],
  lifecycle: ['Livscyklus', 'Life cycle', 'Lifecycle status', 'Operationel status', 'Driftsstatus'],
  supplier: ['Leverandør', 'Leverandørnavn', 'Vendor', 'Vendor name', 'Supplier', 'Supplier name', 'Leverandør (navn)'],
  supplier_cvr: ['Leverandør CVR', 'Leverandørens CVR', 'CVR', 'CVR-nummer', 'CVR nr.', 'Vendor CVR', 'Supplier CVR'],
  rights_holder: ['Rettighedshaver', 'Rights holder', 'Producent', 'Producer', 'Manufacturer', 'Publisher', 'Udgiver'],
  rights_holder_cvr: ['Rettighedshaver CVR', 'Rettighedshaverens CVR', 'Rights holder CVR'],
  hosting_model: ['hosting', 'IT systemet driftes', 'Driftsform', 'Hosting model', 'Hosting type', 'Deployment', 'Driftsmodel', 'Hostes'],
  hosted_by: ['Hostet hos', 'Hosted by', 'Hosting provider', 'Hostingleverandør', 'Cloud provider', 'Cloududbyder'],
  operated_by: ['Driftes af', 'Operated by', 'Operator', 'Driftsleverandør'],
  data_location: ['hosting_jurisdiction', 'Dataplacering', 'Data location', 'Data residency', 'Hosting jurisdiction', 'Datalokation'],
  criticality: ['Kritikalitet', 'Criticality'],
  business_critical: ['Forretningskritisk IT-system', 'Forretningskritisk', 'Business critical'],
  user_count_band: ['user_count', 'Antal brugere', 'Brugere', 'Users', 'Number of users', 'User count'],
  data_sensitivity: ['DataType', 'Data sensitivity', 'Personoplysninger', 'Datakategori', 'Data category'],
  in_use_from: ['Ibrugtagningsdato', 'Ibrugtaget', 'Taget i brug', 'In use from', 'Go-live', 'Go live date', 'In use since'],
  in_use_to: ['Slutdato for anvendelse', 'Udfasningsdato', 'In use to', 'End of use', 'Decommission date', 'Retirement date'],
  responsible_unit: [
    'Ansv. organisationsenhed', 'Ansvarlig organisationsenhed', 'Ansvarlig enhed', 'Ansvarlig afdeling', 'Afdeling', 'Forvaltning',
    'Department', 'Responsible unit', 'Owner unit', 'Business owner unit',
  ],
  business_type: ['Forretningstype', 'Business type'],
  notes: ['Noter', 'Note', 'Notes', 'Bemærkninger', 'Bemærkning', 'Kommentar', 'Kommentarer', 'Comment', 'Comments', 'Remarks'],
  data_export: ['Dataeksport', 'Data export'],
  export_formats: ['Eksportformater', 'Export formats'],
  export_format_kind: ['Eksportformatets åbenhed', 'Export format kind'],
  export_tested_at: ['Eksport senest testet', 'Export tested', 'Export last tested'],
  export_charges: ['Betaling for dataudlevering', 'Export charges'],
  api_availability: ['API', 'API availability', 'API-adgang'],
  api_standards: ['Standarder', 'API standards', 'Standards', 'API-standarder'],
  license_model: [
    'Licens- og kodegrundlag', 'Licens', 'Licence', 'License', 'Licensmodel', 'Licence model', 'License model', 'Licensing',
    'spdx_license', 'SPDX', 'Licens (SPDX)',
  ],
  key_management: ['Nøglehåndtering', 'Key management'],
  external_backup_tested_at: ['Backup uden for leverandøren, gendannelse testet', 'External backup tested'],
  exit_plan: ['Exitplan', 'Exit plan'],
  exit_plan_tested_at: ['Exitplan testet', 'Exit plan tested'],
  exit_plan_owner: ['Exitplanens ejer', 'Exit plan owner'],
  sub_processors: ['Underdatabehandlere', 'Sub-processors', 'Subprocessors', 'Sub processors'],
  depends_on: ['Anvendte systemer', 'Afhænger af', 'Afhængigheder', 'Depends on', 'Dependencies', 'Integrationer', 'Integrations'],
  contracts: ['IT Kontrakter', 'Kontrakter', 'Contracts'],
  municipality: ['Kommune', 'Municipality'],
  municipality_cvr: ['Kommunens CVR', 'Kommune CVR', 'Municipality CVR'],
  // Contract terms in a usage sheet.
  contract_name: ['IT Kontrakt', 'Kontrakt', 'Kontraktnavn', 'Contract', 'Contract name'],
  contract_id: ['Kontrakt ID', 'Kontraktnummer', 'Contract ID', 'Contract number'],
  valid_from: ['Gyldig fra', 'Kontraktstart', 'Contract start', 'contract_start', 'Kontrakt start'],
  valid_to: [
    'Gyldig til', 'Kontraktudløb', 'Kontrakt udløb', 'Kontraktens udløb', 'Udløbsdato', 'Contract end', 'contract_end',
    'Contract expiry', 'Contract end date', 'Expiry date', 'Kontraktudløbsdato',
  ],
  irrevocable_until: ['Uopsigelig til', 'Uopsigeligt til', 'Irrevocable until', 'Non-cancellable until'],
  notice_months: ['Opsigelse (måneder)', 'Opsigelsesvarsel', 'Opsigelsesvarsel (måneder)', 'Notice period', 'Notice period (months)', 'Notice (months)'],
  terminated_at: ['Opsagt', 'Terminated', 'Terminated at', 'Opsagt dato'],
  acquisition_cost_dkk: ['Anskaffelse', 'Anskaffelsespris', 'Anskaffelse (kr.)', 'Acquisition cost', 'Acquisition cost (DKK)', 'Engangsbeløb'],
  yearly_operation_cost_dkk: [
    'operation_cost_dkk_per_year', 'Drift/år', 'Drift pr. år', 'Drift pr. år (kr.)', 'Årlig pris', 'Årlig udgift', 'Årlige omkostninger',
    'Årlig omkostning (kr.)', 'Annual cost', 'Annual cost (DKK)', 'Yearly cost', 'Cost per year', 'Annual operating cost',
  ],
  other_cost_dkk: ['Andet (kr.)', 'Other cost', 'Other costs', 'Other cost (DKK)'],
  procurement_strategy: ['Genanskaffelsesstrategi', 'Procurement strategy'],
  purchase_form: ['Indkøbsform', 'Purchase form', 'Procurement type'],
  contract_type: ['Kontrakttype', 'Contract type'],
  auto_renewal: ['Automatisk forlængelse', 'Auto renewal', 'Auto-renewal'],
  exit_clause: ['Exit- og overdragelsesbistand', 'Exitbistand', 'Exit clause'],
  switching_charges: ['Betaling for skift/dataudlevering', 'Switching charges'],
  licences_portable: ['licenses_portable', 'Licenser kan flyttes', 'Licences portable', 'Portable licences'],
  bundled_scope: ['Udvikling, vedligehold og drift i én kontrakt', 'Bundled scope'],
  duration: ['Varighed', 'Duration', 'Contract duration'],
};

const contractAliases: Record<string, readonly string[]> = {
  ...Object.fromEntries(Object.entries(usageAliases).filter(([id]) => CONTRACT_TERM_IDS.has(id))),
  contract_name: [...usageAliases.contract_name!, 'name', 'Navn', 'Name', 'IT Kontrakt Navn'],
  supplier: usageAliases.supplier!,
  supplier_cvr: usageAliases.supplier_cvr!,
  systems: ['IT Systemer', 'IT-systemer', 'Systemer', 'Systems', 'usage_keys', 'Omfattede systemer', 'Systems covered'],
  other_cost_dkk: ['Andet', ...usageAliases.other_cost_dkk!],
};

function table(aliases: Record<string, readonly string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, words] of Object.entries(aliases)) for (const w of words) out[w] = id;
  return out;
}

/** Columns a hand-made sheet often has that we keep verbatim without a warning. */
const knownUsage = ['Status', 'Beskrivelse', 'Description', 'Formål', 'Purpose', 'KLE', 'KLE ID', 'Systemejer', 'System owner', 'Kontaktperson', 'Contact'];

export const genericUsages: Profile = {
  id: 'generic',
  label: { da: 'Generel it-systemoversigt', en: 'Generic IT-system inventory' },
  record: 'usage',
  kitos: false,
  fields: USAGE_FIELDS,
  exact: { ...Object.fromEntries(knownUsage.map((t) => [t, 'extra'])), ...Object.fromEntries([...USAGE_FIELDS.keys()].map((id) => [id, id])) },
  aliases: table(usageAliases),
  knownPatterns: [],
  required: ['system_name'],
  template: {
    header: [
      'system_name', 'local_id', 'local_name', 'supplier', 'supplier_cvr', 'rights_holder', 'lifecycle', 'hosting_model', 'hosted_by',
      'data_location', 'license_model', 'criticality', 'business_critical', 'user_count_band', 'data_sensitivity', 'in_use_from',
      'in_use_to', 'responsible_unit', 'data_export', 'export_formats', 'api_availability', 'api_standards', 'exit_plan',
      'depends_on', 'contract_name', 'valid_to', 'notice_months', 'yearly_operation_cost_dkk', 'notes',
    ],
    example: [
      'Eksempel ESDH', '', '', 'Eksempel Leverandør A/S', '12345674', 'Eksempel Leverandør A/S', 'I drift', 'Leverandørdrift / SaaS',
      'Eksempel Cloud ApS', 'EU/EØS', 'Proprietær', 'Høj', 'Ja', '100-499', 'Almindelige personoplysninger; Følsomme personoplysninger',
      '01-01-2020', '', 'Digitalisering', 'Delvis eksport', 'CSV; XML', 'Begrænset eller udokumenteret API', 'SAML; OIDC', 'Overordnet plan',
      '', 'Eksempel ESDH-kontrakt', '31-12-2027', '6', '450.000,00', '',
    ],
  },
};

export const genericContracts: Profile = {
  id: 'generic-contracts',
  label: { da: 'Generel kontraktoversigt', en: 'Generic contract list' },
  record: 'contract',
  kitos: false,
  fields: CONTRACT_FIELDS,
  exact: {
    ...Object.fromEntries(['Status', 'Beskrivelse', 'Description', 'Kritikalitet', 'Criticality', 'Kontraktejer', 'Contract owner'].map((t) => [t, 'extra'])),
    ...Object.fromEntries([...CONTRACT_FIELDS.keys()].map((id) => [id, id])),
  },
  aliases: table(contractAliases),
  knownPatterns: [],
  required: ['contract_name'],
  template: {
    header: [
      'contract_name', 'contract_id', 'supplier', 'supplier_cvr', 'systems', 'valid_from', 'valid_to', 'irrevocable_until', 'notice_months',
      'terminated_at', 'acquisition_cost_dkk', 'yearly_operation_cost_dkk', 'other_cost_dkk', 'contract_type', 'purchase_form',
      'procurement_strategy', 'auto_renewal', 'exit_clause', 'switching_charges', 'licences_portable', 'bundled_scope',
    ],
    example: [
      'Eksempel ESDH-kontrakt', 'K-2020-001', 'Eksempel Leverandør A/S', '12345674', 'Eksempel ESDH; Eksempel Arkiv', '01-01-2020',
      '31-12-2027', '31-12-2023', '6', '', '1.250.000,00', '450.000,00', '0', 'Driftsaftale', 'Udbud', 'Genudbud', 'Nej', 'Ja', 'Nej', 'Ved ikke', 'Ja',
    ],
  },
};

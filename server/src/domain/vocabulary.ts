// Controlled vocabularies of the domain model: one canonical English value per concept,
// with its Danish label. docs/data-dictionary.md documents the same lists; every layer
// (database, importers, scoring, API, web) uses these values and nothing else.
import { z } from 'zod';

/** Builds a zod enum plus its Danish/English labels from one table, so values and labels cannot drift. */
function vocabulary<const T extends readonly [string, ...string[]]>(
  values: T,
  labels: { [K in T[number]]: { da: string; en: string } },
) {
  return { values, schema: z.enum(values), labels };
}

/** Where a lock-in input came from (lockin-scoring.md §3.9); `unknown` always scores worst. */
export const provenance = vocabulary(['evidence', 'declared', 'catalogue', 'inferred', 'unknown'], {
  evidence: { da: 'dokumenteret', en: 'evidence' },
  declared: { da: 'oplyst', en: 'declared' },
  catalogue: { da: 'katalog', en: 'catalogue' },
  inferred: { da: 'udledt', en: 'inferred' },
  unknown: { da: 'ukendt', en: 'unknown' },
});
export type Provenance = z.infer<typeof provenance.schema>;

/** KITOS `Livscyklus` (lifeCycleStatus); an empty cell is `null` (Undecided). */
export const lifecycle = vocabulary(['not_in_use', 'pilot', 'phasing_in', 'operational', 'phasing_out'], {
  not_in_use: { da: 'Ikke i drift', en: 'Not in use' },
  pilot: { da: 'Under afprøvning', en: 'Pilot' },
  phasing_in: { da: 'Under indfasning', en: 'Phasing in' },
  operational: { da: 'I drift', en: 'Operational' },
  phasing_out: { da: 'Under udfasning', en: 'Phasing out' },
});
export type Lifecycle = z.infer<typeof lifecycle.schema>;

/**
 * Who runs the system and where (F7 operational control). Finer than KITOS `IT systemet driftes`
 * (On-premise / Eksternt / Hybrid), which maps onto it with provenance `inferred`.
 */
export const hostingModel = vocabulary(
  ['on_premise', 'shared_public', 'self_managed_cloud', 'vendor_hosted', 'hybrid'],
  {
    on_premise: { da: 'Eget datacenter', en: 'Own data centre' },
    shared_public: { da: 'Fælles offentlig drift', en: 'Public-sector shared operation' },
    self_managed_cloud: { da: 'Egen drift i cloud (IaaS/PaaS)', en: 'Self-managed on IaaS/PaaS' },
    vendor_hosted: { da: 'Leverandørdrift / SaaS', en: 'Vendor-operated / SaaS' },
    hybrid: { da: 'Hybrid', en: 'Hybrid' },
  },
);
export type HostingModel = z.infer<typeof hostingModel.schema>;

/** Criticality on the scale of lockin-scoring.md §3.5 (exposure 1/2/4/8). */
export const criticality = vocabulary(['low', 'medium', 'high', 'critical'], {
  low: { da: 'Lav', en: 'Low' },
  medium: { da: 'Middel', en: 'Medium' },
  high: { da: 'Høj', en: 'High' },
  critical: { da: 'Kritisk', en: 'Critical' },
});
export type Criticality = z.infer<typeof criticality.schema>;

/** KITOS `Antal brugere` bands. */
export const userCountBand = vocabulary(['lt10', '10-49', '50-99', '100-499', '500+'], {
  lt10: { da: '<10', en: '<10' },
  '10-49': { da: '10-49', en: '10-49' },
  '50-99': { da: '50-99', en: '50-99' },
  '100-499': { da: '100-499', en: '100-499' },
  '500+': { da: '>500', en: '>500' },
});
export type UserCountBand = z.infer<typeof userCountBand.schema>;

/** KITOS `DataType` levels; a usage stores the list it was given. */
export const dataSensitivity = vocabulary(['none', 'personal', 'sensitive', 'criminal'], {
  none: { da: 'Ingen personoplysninger', en: 'No personal data' },
  personal: { da: 'Almindelige personoplysninger', en: 'Personal data' },
  sensitive: { da: 'Følsomme personoplysninger', en: 'Sensitive personal data' },
  criminal: { da: 'Straffedomme og lovovertrædelser', en: 'Criminal convictions and offences' },
});
export type DataSensitivity = z.infer<typeof dataSensitivity.schema>;

/** KITOS `Licens- og kodegrundlag`. */
export const licenseModel = vocabulary(['open_source', 'freeware', 'proprietary'], {
  open_source: { da: 'Open source', en: 'Open source' },
  freeware: { da: 'Freeware', en: 'Freeware' },
  proprietary: { da: 'Proprietær', en: 'Proprietary' },
});
export type LicenseModel = z.infer<typeof licenseModel.schema>;

/** How a product can be deployed (publiccode.yml has no such field; GEMMA's cloudDienstverleningsmodel). */
export const deploymentModel = vocabulary(['on_premise', 'iaas', 'paas', 'saas'], {
  on_premise: { da: 'On-premise', en: 'On-premise' },
  iaas: { da: 'IaaS', en: 'IaaS' },
  paas: { da: 'PaaS', en: 'PaaS' },
  saas: { da: 'SaaS', en: 'SaaS' },
});
export type DeploymentModel = z.infer<typeof deploymentModel.schema>;

/** Data export capability (F1). */
export const dataExport = vocabulary(['full', 'partial', 'paid_service', 'none'], {
  full: { da: 'Fuld eksport', en: 'Full export' },
  partial: { da: 'Delvis eksport', en: 'Partial export' },
  paid_service: { da: 'Kun som betalt leverandørydelse', en: 'Only as a paid vendor service' },
  none: { da: 'Ingen eksport', en: 'No export' },
});
export type DataExport = z.infer<typeof dataExport.schema>;

/** Whether the export formats are open standards or a vendor's own (F1). */
export const exportFormatKind = vocabulary(['open_standard', 'documented_vendor', 'undocumented'], {
  open_standard: { da: 'Åbent, dokumenteret format', en: 'Open, documented format' },
  documented_vendor: { da: 'Dokumenteret leverandørformat', en: 'Documented vendor format' },
  undocumented: { da: 'Udokumenteret format', en: 'Undocumented format' },
});
export type ExportFormatKind = z.infer<typeof exportFormatKind.schema>;

/** API availability on the F2 scale. */
export const apiAvailability = vocabulary(
  ['public_open_standard', 'public_vendor_schema', 'nda_or_fee', 'limited', 'none'],
  {
    public_open_standard: { da: 'Offentligt API på åbne standarder', en: 'Public API on open standards' },
    public_vendor_schema: { da: 'Offentligt API med leverandørskema', en: 'Public API, vendor schema' },
    nda_or_fee: { da: 'API kun under NDA eller mod betaling', en: 'API under NDA or for a fee' },
    limited: { da: 'Begrænset eller udokumenteret API', en: 'Limited or undocumented API' },
    none: { da: 'Intet API', en: 'No API' },
  },
);
export type ApiAvailability = z.infer<typeof apiAvailability.schema>;

/** Who owns and governs the code (F6). */
export const codeGovernance = vocabulary(
  ['public_sector', 'multi_organisation', 'single_company', 'source_available', 'escrow', 'documented_closed', 'closed'],
  {
    public_sector: { da: 'Offentligt ejet kode under åben licens', en: 'Public-sector-owned open code' },
    multi_organisation: { da: 'Open source med flere organisationer bag', en: 'Open source, multi-organisation' },
    single_company: { da: 'Open source styret af én virksomhed', en: 'Open source, single company' },
    source_available: { da: 'Kildekode tilgængelig (ikke OSI)', en: 'Source-available' },
    escrow: { da: 'Proprietær med deponeret kildekode', en: 'Proprietary with source escrow' },
    documented_closed: { da: 'Proprietær med dokumenteret arkitektur', en: 'Proprietary, documented architecture' },
    closed: { da: 'Lukket proprietær', en: 'Closed proprietary' },
  },
);
export type CodeGovernance = z.infer<typeof codeGovernance.schema>;

/** Encryption key control (F7 modifier). */
export const keyManagement = vocabulary(['provider', 'byok', 'hyok', 'client_side'], {
  provider: { da: 'Leverandørens nøgler', en: 'Provider-held keys' },
  byok: { da: 'Egne nøgler (BYOK)', en: 'Bring your own key' },
  hyok: { da: 'Egne nøgler hos os (HYOK)', en: 'Hold your own key' },
  client_side: { da: 'Klientsidekryptering', en: 'Client-side encryption' },
});
export type KeyManagement = z.infer<typeof keyManagement.schema>;

/** Where the data is stored and processed (F8). */
export const dataLocation = vocabulary(['dk', 'eu', 'non_eu'], {
  dk: { da: 'Danmark', en: 'Denmark' },
  eu: { da: 'EU/EØS', en: 'EU/EEA' },
  non_eu: { da: 'Uden for EU/EØS', en: 'Outside the EU/EEA' },
});
export type DataLocation = z.infer<typeof dataLocation.schema>;

/** Exit plan coverage (F9). */
export const exitPlan = vocabulary(['none', 'high_level', 'one_scenario', 'both_scenarios'], {
  none: { da: 'Ingen exitplan', en: 'No exit plan' },
  high_level: { da: 'Overordnet plan', en: 'High-level plan' },
  one_scenario: { da: 'Ét scenarie', en: 'One scenario' },
  both_scenarios: { da: 'Planlagt skift og pludseligt bortfald', en: 'Planned switch and sudden loss' },
});
export type ExitPlan = z.infer<typeof exitPlan.schema>;

/** Kind of integration edge: a data flow, or a hard platform requirement (identity, database …). */
export const integrationKind = vocabulary(['data', 'requires_platform'], {
  data: { da: 'Dataudveksling', en: 'Data exchange' },
  requires_platform: { da: 'Kræver platform', en: 'Requires platform' },
});
export type IntegrationKind = z.infer<typeof integrationKind.schema>;

export const integrationDirection = vocabulary(['outgoing', 'bidirectional'], {
  outgoing: { da: 'Envejs', en: 'One-way' },
  bidirectional: { da: 'Tovejs', en: 'Two-way' },
});
export type IntegrationDirection = z.infer<typeof integrationDirection.schema>;

/** What kind of organisation a vendor is; public bodies and communities change F6/F7. */
export const vendorKind = vocabulary(['company', 'public_body', 'foundation', 'community'], {
  company: { da: 'Virksomhed', en: 'Company' },
  public_body: { da: 'Offentlig myndighed/fællesskab', en: 'Public body' },
  foundation: { da: 'Fond/forening', en: 'Foundation' },
  community: { da: 'Fællesskab', en: 'Community' },
});
export type VendorKind = z.infer<typeof vendorKind.schema>;

/**
 * What a vendor is to the municipalities that name it (issue #12). A reseller (licence partner:
 * Atea, Dustin, SoftwareOne, Crayon …) sells another company's rights; the rights holder owns the
 * products; a supplier builds or integrates; an operator hosts or runs. A usage records the
 * rights holder, supplier, host and operator separately; this is the vendor's own main role.
 */
export const vendorRoleKind = vocabulary(['rights_holder', 'supplier', 'reseller', 'operator'], {
  rights_holder: { da: 'Rettighedshaver', en: 'Rights holder' },
  supplier: { da: 'Leverandør/integrator', en: 'Supplier/integrator' },
  reseller: { da: 'Forhandler (licenspartner)', en: 'Reseller (licence partner)' },
  operator: { da: 'Driftsleverandør/hosting', en: 'Operator/host' },
});
export type VendorRoleKind = z.infer<typeof vendorRoleKind.schema>;

/** Moderation state of contributed catalogue content. */
export const moderationState = vocabulary(['pending', 'draft', 'published', 'unverified', 'rejected'], {
  pending: { da: 'Afventer moderator', en: 'Awaiting moderation' },
  draft: { da: 'Kladde', en: 'Draft' },
  published: { da: 'Offentliggjort', en: 'Published' },
  unverified: { da: 'Ikke verificeret', en: 'Unverified' },
  rejected: { da: 'Afvist', en: 'Rejected' },
});
export type ModerationState = z.infer<typeof moderationState.schema>;
/** Catalogue entries every reader sees (and scoring counts): checked, or shown as unchecked. */
export const PUBLIC_MODERATION_STATES = ['published', 'unverified'] as const satisfies readonly ModerationState[];

export const migrationEffort = vocabulary(['low', 'medium', 'high'], {
  low: { da: 'Lav', en: 'Low' },
  medium: { da: 'Middel', en: 'Medium' },
  high: { da: 'Høj', en: 'High' },
});
export type MigrationEffort = z.infer<typeof migrationEffort.schema>;

export const importStatus = vocabulary(['committed', 'refused', 'dry_run', 'unchanged', 'failed'], {
  committed: { da: 'Indlæst', en: 'Committed' },
  refused: { da: 'Afvist', en: 'Refused' },
  failed: { da: 'Mislykket', en: 'Failed' },
  dry_run: { da: 'Prøvekørsel', en: 'Dry run' },
  unchanged: { da: 'Uændret', en: 'Unchanged' },
});
export type ImportStatus = z.infer<typeof importStatus.schema>;

export const inventoryVersionKind = vocabulary(['import', 'kitos-sync', 'rollback', 'demo', 'edit'], {
  import: { da: 'Import', en: 'Import' },
  'kitos-sync': { da: 'Hentet fra KITOS', en: 'Fetched from KITOS' },
  rollback: { da: 'Tilbagerulning', en: 'Rollback' },
  demo: { da: 'Fiktive demodata', en: 'Fictitious demo data' },
  edit: { da: 'Redigering', en: 'Edit' },
});
export type InventoryVersionKind = z.infer<typeof inventoryVersionKind.schema>;

/** EU and EEA member states (ISO 3166-1 alpha-2); jurisdiction tests use this list. */
export const EU_EEA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT',
  'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
]);

/**
 * The curated function taxonomy (issue #14): what a system or an open-source alternative does, as a
 * municipal task — matching by task, not category alone. Danish terms, lower case; a product
 * (data/reference/product-functions.csv) and an alternative (its `function` facts in
 * alternative-facts.csv) match when they share a term. A KLE number maps onto terms by
 * data/reference/kle-functions.csv. Our own list, not KL's.
 */
export const functionTerm = vocabulary(
  [
    'kontorpakke', 'tekstbehandling', 'regneark', 'præsentation', 'webkontor', 'pdf-værktøj', 'notater', 'fildeling',
    'samarbejdsplatform', 'intranet', 'wiki', 'vidensdeling', 'e-mail', 'kalender', 'kontakter', 'chat',
    'videomøder', 'telefoni', 'webinar', 'identitetsstyring', 'single-sign-on', 'mfa', 'rollestyring', 'katalogtjeneste',
    'brugerprovisionering', 'organisationsdata', 'esdh', 'journalisering', 'sagsbehandling', 'dokumenthåndtering', 'selvbetjening', 'formularer',
    'spørgeskema', 'e-signatur', 'høringsportal', 'hjemmeside-cms', 'webanalyse', 'digital-signage', 'sociale-medier', 'videodeling',
    'gis-desktop', 'gis-server', 'webkort', 'geodatabase', 'bi-rapportering', 'dashboards', 'dataanalyse', 'projektstyring',
    'opgavestyring', 'servicedesk', 'it-asset-management', 'it-porteføljestyring', 'overvågning', 'informationssikkerhed', 'siem', 'antivirus',
    'backup', 'virtualisering', 'containerplatform', 'cloud-iaas', 'desktop-os', 'server-os', 'klientadministration', 'borger-pc',
    'fjernsupport', 'fjernskrivebord', 'database', 'browser', 'firewall', 'vpn', 'rpa', 'diagrammer',
    'kodehosting', 'crm', 'erp', 'hr', 'bibliotekssystem', 'grafik', 'dtp', 'cad',
    'videoredigering', 'skoledata', 'valgadministration', 'medcom-korrespondance', 'iot-platform', 'flådestyring', 'kravspecifikation', 'mobilenhedsstyring',
    'whistleblowerordning', 'omsorgsjournal', 'medicinhåndtering', 'socialfaglig-dokumentation', 'lønsystem', 'tidsregistrering', 'økonomisystem', 'ydelsessystem',
    'beskæftigelsessystem', 'børnesager', 'sagsoverblik', 'byggesagsbehandling', 'digital-post', 'national-eid', 'integrationsplatform', 'skolekommunikation',
    'læringsplatform', 'undervisningstilbud', 'datascanning', 'klimatilpasning',
  ],
  {
    kontorpakke: { da: 'Kontorpakke', en: 'Office suite' },
    tekstbehandling: { da: 'Tekstbehandling', en: 'Word processing' },
    regneark: { da: 'Regneark', en: 'Spreadsheets' },
    'præsentation': { da: 'Præsentation', en: 'Presentations' },
    webkontor: { da: 'Webkontor', en: 'Web office' },
    'pdf-værktøj': { da: 'PDF-værktøj', en: 'PDF tool' },
    notater: { da: 'Notater', en: 'Notes' },
    fildeling: { da: 'Fildeling', en: 'File sharing' },
    samarbejdsplatform: { da: 'Samarbejdsplatform', en: 'Collaboration platform' },
    intranet: { da: 'Intranet', en: 'Intranet' },
    wiki: { da: 'Wiki', en: 'Wiki' },
    vidensdeling: { da: 'Vidensdeling', en: 'Knowledge sharing' },
    'e-mail': { da: 'E-mail', en: 'E-mail' },
    kalender: { da: 'Kalender', en: 'Calendar' },
    kontakter: { da: 'Kontakter', en: 'Contacts' },
    chat: { da: 'Chat', en: 'Chat' },
    'videomøder': { da: 'Videomøder', en: 'Video meetings' },
    telefoni: { da: 'Telefoni', en: 'Telephony' },
    webinar: { da: 'Webinar', en: 'Webinars' },
    identitetsstyring: { da: 'Identitetsstyring', en: 'Identity management' },
    'single-sign-on': { da: 'Single sign-on', en: 'Single sign-on' },
    mfa: { da: 'Totrinsgodkendelse (MFA)', en: 'Multi-factor authentication' },
    rollestyring: { da: 'Rollestyring', en: 'Role management' },
    katalogtjeneste: { da: 'Katalogtjeneste', en: 'Directory service' },
    brugerprovisionering: { da: 'Brugerprovisionering', en: 'User provisioning' },
    organisationsdata: { da: 'Organisationsdata', en: 'Organisation data' },
    esdh: { da: 'ESDH', en: 'Records management (ESDH)' },
    journalisering: { da: 'Journalisering', en: 'Registration of records' },
    sagsbehandling: { da: 'Sagsbehandling', en: 'Case handling' },
    'dokumenthåndtering': { da: 'Dokumenthåndtering', en: 'Document management' },
    selvbetjening: { da: 'Selvbetjening', en: 'Self-service' },
    formularer: { da: 'Formularer', en: 'Forms' },
    'spørgeskema': { da: 'Spørgeskemaer', en: 'Surveys' },
    'e-signatur': { da: 'E-signatur', en: 'E-signature' },
    'høringsportal': { da: 'Høringsportal', en: 'Consultation portal' },
    'hjemmeside-cms': { da: 'Hjemmeside (CMS)', en: 'Website (CMS)' },
    webanalyse: { da: 'Webanalyse', en: 'Web analytics' },
    'digital-signage': { da: 'Infoskærme', en: 'Digital signage' },
    'sociale-medier': { da: 'Sociale medier', en: 'Social media' },
    videodeling: { da: 'Videodeling', en: 'Video sharing' },
    'gis-desktop': { da: 'GIS (desktop)', en: 'GIS (desktop)' },
    'gis-server': { da: 'GIS-server', en: 'GIS server' },
    webkort: { da: 'Webkort', en: 'Web maps' },
    geodatabase: { da: 'Geodatabase', en: 'Geodatabase' },
    'bi-rapportering': { da: 'BI-rapportering', en: 'BI reporting' },
    dashboards: { da: 'Dashboards', en: 'Dashboards' },
    dataanalyse: { da: 'Dataanalyse', en: 'Data analysis' },
    projektstyring: { da: 'Projektstyring', en: 'Project management' },
    opgavestyring: { da: 'Opgavestyring', en: 'Task management' },
    servicedesk: { da: 'Servicedesk', en: 'Service desk' },
    'it-asset-management': { da: 'IT-aktivstyring', en: 'IT asset management' },
    'it-porteføljestyring': { da: 'IT-porteføljestyring', en: 'IT portfolio management' },
    'overvågning': { da: 'Overvågning', en: 'Monitoring' },
    informationssikkerhed: { da: 'Informationssikkerhed', en: 'Information security' },
    siem: { da: 'SIEM', en: 'SIEM' },
    antivirus: { da: 'Antivirus', en: 'Antivirus' },
    backup: { da: 'Backup', en: 'Backup' },
    virtualisering: { da: 'Virtualisering', en: 'Virtualisation' },
    containerplatform: { da: 'Containerplatform', en: 'Container platform' },
    'cloud-iaas': { da: 'Cloud-infrastruktur (IaaS)', en: 'Cloud infrastructure (IaaS)' },
    'desktop-os': { da: 'Styresystem (pc)', en: 'Desktop operating system' },
    'server-os': { da: 'Styresystem (server)', en: 'Server operating system' },
    klientadministration: { da: 'Klientadministration', en: 'Client management' },
    'borger-pc': { da: 'Borger-pc', en: 'Public-access PCs' },
    fjernsupport: { da: 'Fjernsupport', en: 'Remote support' },
    fjernskrivebord: { da: 'Fjernskrivebord', en: 'Remote desktop' },
    database: { da: 'Database', en: 'Database' },
    browser: { da: 'Browser', en: 'Browser' },
    firewall: { da: 'Firewall', en: 'Firewall' },
    vpn: { da: 'VPN', en: 'VPN' },
    rpa: { da: 'Robotics (RPA)', en: 'Robotic process automation' },
    diagrammer: { da: 'Diagrammer', en: 'Diagrams' },
    kodehosting: { da: 'Kodehosting', en: 'Code hosting' },
    crm: { da: 'CRM', en: 'CRM' },
    erp: { da: 'ERP', en: 'ERP' },
    hr: { da: 'HR', en: 'HR' },
    bibliotekssystem: { da: 'Bibliotekssystem', en: 'Library system' },
    grafik: { da: 'Grafik', en: 'Graphics' },
    dtp: { da: 'Layout (DTP)', en: 'Desktop publishing' },
    cad: { da: 'CAD', en: 'CAD' },
    videoredigering: { da: 'Videoredigering', en: 'Video editing' },
    skoledata: { da: 'Skoledata', en: 'School data' },
    valgadministration: { da: 'Valgadministration', en: 'Election administration' },
    'medcom-korrespondance': { da: 'MedCom-korrespondance', en: 'MedCom messaging' },
    'iot-platform': { da: 'IoT-platform', en: 'IoT platform' },
    'flådestyring': { da: 'Flådestyring', en: 'Fleet management' },
    kravspecifikation: { da: 'Kravspecifikation', en: 'Requirements specification' },
    mobilenhedsstyring: { da: 'Mobilenhedsstyring', en: 'Mobile device management' },
    whistleblowerordning: { da: 'Whistleblowerordning', en: 'Whistleblower scheme' },
    omsorgsjournal: { da: 'Omsorgsjournal', en: 'Care records' },
    'medicinhåndtering': { da: 'Medicinhåndtering', en: 'Medication management' },
    'socialfaglig-dokumentation': { da: 'Socialfaglig dokumentation', en: 'Social-work records' },
    'lønsystem': { da: 'Lønsystem', en: 'Payroll' },
    tidsregistrering: { da: 'Tidsregistrering', en: 'Time registration' },
    'økonomisystem': { da: 'Økonomisystem', en: 'Finance system' },
    ydelsessystem: { da: 'Ydelsessystem', en: 'Benefits system' },
    'beskæftigelsessystem': { da: 'Beskæftigelsessystem', en: 'Employment services system' },
    'børnesager': { da: 'Børnesager', en: 'Child welfare cases' },
    sagsoverblik: { da: 'Sagsoverblik', en: 'Case overview' },
    byggesagsbehandling: { da: 'Byggesagsbehandling', en: 'Building permits' },
    'digital-post': { da: 'Digital Post', en: 'Digital Post' },
    'national-eid': { da: 'National eID', en: 'National eID' },
    integrationsplatform: { da: 'Integrationsplatform', en: 'Integration platform' },
    skolekommunikation: { da: 'Skolekommunikation', en: 'School communication' },
    'læringsplatform': { da: 'Læringsplatform', en: 'Learning platform' },
    undervisningstilbud: { da: 'Undervisningstilbud', en: 'Course offerings' },
    datascanning: { da: 'Datascanning', en: 'Data discovery scanning' },
    klimatilpasning: { da: 'Klimatilpasning', en: 'Climate adaptation' },
  },
);
export const FUNCTION_TERMS = functionTerm.values;
export type FunctionTerm = (typeof FUNCTION_TERMS)[number];

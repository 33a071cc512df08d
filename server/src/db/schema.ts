// The database as the drivers return it: one interface per table. Booleans are 0|1 and dates
// ISO strings on both SQLite and PostgreSQL (the schema uses integer and text columns for them),
// JSON lists are text. Row mappers in the repositories convert to domain types.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

type Flag = 0 | 1;

export interface MunicipalitiesTable {
  code: number;
  name: string;
  region: string;
  source: string;
  verified: Flag;
}

export interface CategoriesTable {
  code: string;
  kind: 'publiccode' | 'municipal';
  label_da: string;
  label_en: string;
  source: string;
}

export interface VocabularyTermsTable {
  vocabulary: string;
  term: string;
  source: string;
}

export interface VendorsTable {
  id: Generated<number>;
  key: string | null;
  name: string;
  normalized_name: string;
  cvr: string | null;
  country: string | null;
  kind: string;
  parent_vendor_id: number | null;
  ultimate_parent_id: number | null;
  ultimate_country: string | null;
  jurisdiction: 'eu' | 'non_eu' | null;
  source: string | null;
  verified: Flag;
  notes: string | null;
  created_at: string;
  updated_at: string;
  /** rights_holder | supplier | reseller | operator (domain/vocabulary.ts vendorRoleKind); null: not known. */
  role_kind: string | null;
  /** The municipality whose import created the vendor; null: the shared catalogue. */
  local_to_municipality: number | null;
  /** An eight-digit number the file gave that is no valid CVR (domain/cvr.ts), kept as written. */
  cvr_as_written: string | null;
}

export interface VendorAliasesTable {
  id: Generated<number>;
  vendor_id: number;
  alias: string;
  normalized_alias: string;
  source: string | null;
}

export interface ProductsTable {
  id: Generated<number>;
  key: string | null;
  name: string;
  normalized_name: string;
  rights_holder_vendor_id: number | null;
  category: string | null;
  license_model: string | null;
  spdx_license: string | null;
  deployment_models: string;
  data_export: string | null;
  export_formats: string;
  export_format_kind: string | null;
  api_availability: string | null;
  api_standards: string;
  code_governance: string | null;
  kitos_uuid: string | null;
  source: string | null;
  verified: Flag;
  notes: string | null;
  created_at: string;
  updated_at: string;
  /** A product first seen in this municipality's file, not (yet) in the shared catalogue. */
  local_to_municipality: number | null;
}

export interface ProductAliasesTable {
  id: Generated<number>;
  product_id: number;
  alias: string;
  normalized_alias: string;
}

export interface ProductDependenciesTable {
  product_id: number;
  depends_on_product_id: number;
  role: string;
}

export interface ImportRunsTable {
  id: Generated<number>;
  municipality_code: number | null;
  started_at: string;
  finished_at: string | null;
  actor: string;
  file_name: string;
  file_sha256: string;
  file_size: number;
  format: string;
  profile: string;
  status: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  errors: string;
  warnings: string;
  options: string;
  demo: Flag;
  inventory_version_id: number | null;
}

/** An import through the API, run by a worker thread (0017_worker_import_jobs). */
export interface ImportJobsTable {
  id: string;
  municipality_code: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** 'worker' (a worker thread with its own connection) or 'in-process' (an in-memory database). */
  runner: string;
  file_name: string;
  file_size: number;
  rows_read: Generated<number>;
  import_run_id: number | null;
  /** The import report as JSON (done, and failed with a refused file). */
  report: string | null;
  /** The problem document a synchronous request would have answered, as JSON (failed). */
  problem: string | null;
  actor: string;
  actor_user_id: number | null;
  created_at: string;
  updated_at: string;
}

/** The raw KITOS API answers of a municipality's last successful sync (0022_kitos_sync_snapshots). */
export interface KitosSyncSnapshotsTable {
  municipality_code: number;
  /** The version the snapshot became (or was found unchanged against). */
  inventory_version_id: number;
  organization_uuid: string;
  raw_sha256: string;
  raw_bytes: number;
  /** The raw answers as JSON, gzip-compressed. */
  raw_gzip: Uint8Array;
  created_at: string;
}

export interface InventoryVersionsTable {
  id: Generated<number>;
  municipality_code: number;
  /** 1, 2, 3 … per municipality, given when the version first becomes current (null before). */
  number: number | null;
  kind: string;
  import_run_id: number | null;
  based_on_version_id: number | null;
  created_at: string;
  created_by: string;
  content_hash: string;
  usages_hash: string;
  usage_count: number;
  contract_count: number;
  integration_count: number;
  demo: Flag;
}

export interface CurrentInventoryTable {
  municipality_code: number;
  inventory_version_id: number;
  updated_at: string;
}

export interface SystemUsagesTable {
  id: Generated<number>;
  inventory_version_id: number;
  municipality_code: number;
  usage_key: string;
  product_id: number;
  /** The system's name as the file gave it (the catalogue product's name may differ). */
  system_name: string;
  /** The file's rights holder and category, kept even where the catalogue product differs. */
  rights_holder_vendor_id: number | null;
  category: string | null;
  local_name: string | null;
  local_id: string | null;
  version: string | null;
  lifecycle: string | null;
  supplier_vendor_id: number | null;
  hosting_model: string | null;
  hosted_by_vendor_id: number | null;
  operated_by_vendor_id: number | null;
  data_location: string | null;
  criticality: string | null;
  business_critical: Flag | null;
  user_count_band: string | null;
  data_sensitivity: string;
  in_use_from: string | null;
  in_use_to: string | null;
  responsible_unit: string | null;
  business_type: string | null;
  notes: string | null;
  data_export: string | null;
  export_formats: string;
  export_format_kind: string | null;
  export_tested_at: string | null;
  export_charges: Flag | null;
  api_availability: string | null;
  api_standards: string;
  license_model: string | null;
  key_management: string | null;
  external_backup_tested_at: string | null;
  exit_plan: string | null;
  exit_plan_tested_at: string | null;
  exit_plan_owner: string | null;
  provenance: string;
  extra: string;
  source_line: number | null;
  /** The usage's KITOS catalogue UUID as its file gave it (the product may have none). */
  kitos_uuid: string | null;
  /** JSON `[{ number, source, title }]` (KLE task references). */
  kle: Generated<string>;
  /** JSON `["Systemejer", …]`: roles with someone assigned, never who. */
  roles_filled: Generated<string>;
}

export interface UsageSubProcessorsTable {
  usage_id: number;
  vendor_id: number;
}

export interface ContractsTable {
  id: Generated<number>;
  inventory_version_id: number;
  municipality_code: number;
  name: string;
  external_id: string | null;
  supplier_vendor_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
  irrevocable_until: string | null;
  notice_months: number | null;
  terminated_at: string | null;
  acquisition_cost_dkk: number | null;
  yearly_operation_cost_dkk: number | null;
  other_cost_dkk: number | null;
  procurement_strategy: string | null;
  purchase_form: string | null;
  contract_type: string | null;
  auto_renewal: Flag | null;
  exit_clause: Flag | null;
  switching_charges: Flag | null;
  licences_portable: Flag | null;
  bundled_scope: Flag | null;
  extra: string;
  source_line: number | null;
  /** JSON `["Kontraktejer", …]`: roles with someone assigned, never who. */
  roles_filled: Generated<string>;
}

export interface ContractUsagesTable {
  contract_id: number;
  usage_id: number;
}

export interface IntegrationsTable {
  id: Generated<number>;
  inventory_version_id: number;
  source_usage_id: number;
  target_usage_id: number;
  kind: string;
  direction: string;
  platform_role: string | null;
}

export interface AlternativesTable {
  id: Generated<number>;
  key: string;
  name: string;
  url: string | null;
  repository_url: string | null;
  software_type: string | null;
  development_status: string | null;
  spdx_license: string | null;
  license_verified: Flag;
  maintenance_type: string | null;
  platforms: string;
  categories: string;
  description_da: string | null;
  description_en: string | null;
  steward_vendor_id: number | null;
  os2_level: number | null;
  scorecard_score: number | null;
  elephant_factor: number | null;
  eu_public_adopters: number | null;
  eu_support_providers: number | null;
  last_release_at: string | null;
  moderation_state: string;
  source: string | null;
  verified: Flag;
  notes: string | null;
  created_at: string;
  updated_at: string;
  submitted_by_user_id: number | null;
  moderated_by_user_id: number | null;
  moderated_at: string | null;
  moderation_note: string | null;
  /** `localisation.localisationReady` of the publiccode.yml (0/1); null: unknown. */
  localisation_ready: Flag | null;
  /** `localisation.availableLanguages`: a JSON list of BCP 47 tags; null: unknown. */
  available_languages: string | null;
  /**
   * The publiccode.yml's `description` blocks as imported: a JSON object by language of
   * `{ shortDescription, longDescription, features, localisedName?, documentation? }`; null: none imported.
   */
  publiccode_description: string | null;
  /** `maintenance.contractors` (companies): a JSON list of `{ name, until, website? }`; null: none imported. */
  maintenance_contractors: string | null;
}

/** One sourced fact about an alternative (migration 0015): where each fact of the catalogue comes from. */
export interface AlternativeFactsTable {
  id: Generated<number>;
  alternative_id: number;
  /** One of `ALTERNATIVE_FACTS` (server/src/reference/schemas.ts). */
  fact: string;
  value: string;
  /** A JSON object of qualifiers (`country`, `cvr`, `roles`, …); `{}` when none. */
  qualifiers: Generated<string>;
  /** A URL or a named document. */
  source: string;
  /** YYYY-MM-DD: when the source was read. */
  source_date: string;
  /** 1: the source states the fact; 0: inferred or general knowledge (the note says which). */
  verified: Flag;
  note: string | null;
}

/** What a catalogue product does (migration 0016): one function term per row, with its source. */
export interface ProductFunctionsTable {
  id: Generated<number>;
  product_id: number;
  /** One of `FUNCTION_TERMS` (server/src/domain/vocabulary.ts). */
  term: string;
  /** A URL, a named project document, or `general knowledge` (the note says what it rests on). */
  source: string;
  note: string | null;
}

export interface ProductAlternativesTable {
  product_id: number;
  alternative_id: number;
  fit_notes: string | null;
  migration_effort: string | null;
  source: string | null;
  verified: Flag;
}

export interface ExperienceReportsTable {
  id: Generated<number>;
  alternative_id: number;
  municipality_code: number | null;
  title: string;
  body: string;
  rating: number | null;
  author: string;
  moderation_state: string;
  created_at: string;
  updated_at: string;
  submitted_by_user_id: number | null;
  moderated_by_user_id: number | null;
  moderated_at: string | null;
  moderation_note: string | null;
}

export interface Database {
  municipalities: MunicipalitiesTable;
  categories: CategoriesTable;
  vocabulary_terms: VocabularyTermsTable;
  vendors: VendorsTable;
  vendor_aliases: VendorAliasesTable;
  products: ProductsTable;
  product_aliases: ProductAliasesTable;
  product_dependencies: ProductDependenciesTable;
  import_runs: ImportRunsTable;
  import_jobs: ImportJobsTable;
  kitos_sync_snapshots: KitosSyncSnapshotsTable;
  inventory_versions: InventoryVersionsTable;
  current_inventory: CurrentInventoryTable;
  system_usages: SystemUsagesTable;
  usage_sub_processors: UsageSubProcessorsTable;
  contracts: ContractsTable;
  contract_usages: ContractUsagesTable;
  integrations: IntegrationsTable;
  alternatives: AlternativesTable;
  product_alternatives: ProductAlternativesTable;
  alternative_facts: AlternativeFactsTable;
  product_functions: ProductFunctionsTable;
  experience_reports: ExperienceReportsTable;
  usage_scores: UsageScoresTable;
  municipality_scores: MunicipalityScoresTable;
  national_scores: NationalScoresTable;
  catalogue_version: CatalogueVersionTable;
  municipality_score_stamps: MunicipalityScoreStampsTable;
  users: UsersTable;
  user_grants: UserGrantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  rate_limits: RateLimitsTable;
  login_flows: LoginFlowsTable;
  municipality_settings: MunicipalitySettingsTable;
  audit_log: AuditLogTable;
  scenarios: ScenariosTable;
  exit_plans: ExitPlansTable;
  kitos_connections: KitosConnectionsTable;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string | null;
  /** scrypt, `scrypt$N$r$p$salt$hash` (base64url); null for accounts that sign in only through OIDC */
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled: Flag;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface UserGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  municipality_code: number | null;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a stolen database does not hold usable session cookies */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  auth_method: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  role: string;
  municipality_code: number | null;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: string;
  hits: number;
}

export interface LoginFlowsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: string;
}

export interface MunicipalitySettingsTable {
  municipality_code: number;
  inventory_visibility: string;
  calendar_token_hash: string | null;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: number | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  municipality_code: number | null;
  /** JSON of the changed fields before and after the change */
  before: string | null;
  after: string | null;
}

export type VendorRow = Selectable<VendorsTable>;
export type NewVendor = Insertable<VendorsTable>;
export type VendorUpdate = Updateable<VendorsTable>;
export type ProductRow = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
export type MunicipalityRow = Selectable<MunicipalitiesTable>;
export type SystemUsageRow = Selectable<SystemUsagesTable>;
export type NewSystemUsage = Insertable<SystemUsagesTable>;
export type ContractRow = Selectable<ContractsTable>;
export type NewContract = Insertable<ContractsTable>;
export type ImportRunRow = Selectable<ImportRunsTable>;
export type InventoryVersionRow = Selectable<InventoryVersionsTable>;
export type AlternativeRow = Selectable<AlternativesTable>;

export interface UsageScoresTable {
  usage_id: number;
  inventory_version_id: number;
  municipality_code: number;
  model_version: string;
  as_of: string;
  lockin: number;
  lockin_optimistic: number;
  band: string;
  exposure: number;
  priority: number;
  confidence: number;
  flags: string;
  next_exit: string | null;
  explanation: string;
}

export interface MunicipalityScoresTable {
  inventory_version_id: number;
  municipality_code: number;
  model_version: string;
  as_of: string;
  computed_at: string;
  lockin: number | null;
  confidence: number;
  provisional: Flag;
  /** The score without its exit windows (JSON) */
  result: string;
  /** The systems whose exit window opens soon (JSON list) */
  exit_windows: Generated<string>;
}

/** One row (id 1): moved by triggers on every change to the catalogue tables (migration 0017). */
export interface CatalogueVersionTable {
  id: number;
  version: number;
}

/** Per municipality: moved by triggers whenever a score of it is stored (migration 0017). */
export interface MunicipalityScoreStampsTable {
  municipality_code: number;
  stamp: number;
}

export interface NationalScoresTable {
  id: Generated<number>;
  model_version: string;
  as_of: string;
  computed_at: string;
  municipality_count: number;
  result: string;
  category_hhi: string;
  /** 'real' | 'demo': the inventories `category_hhi` was computed over (null: written before migration 0013). */
  world: string | null;
}

/** An exit plan per municipality and usage key (migration 0008; solutions/exit-plan.ts). */
export interface ExitPlansTable {
  id: Generated<number>;
  municipality_code: number;
  usage_key: string;
  /** JSON of solutions/exit-plan.ts exitPlanSchema. */
  plan: string;
  saved_for_version_id: number | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

/** A saved scenario (migration 0007; services/scenarios.ts). */
export interface ScenariosTable {
  id: Generated<number>;
  municipality_code: number;
  name: string;
  /** JSON list of solutions/scenario-spec.ts storedReplacement. */
  replacements: string;
  start_date: string | null;
  created_by_user_id: number | null;
  created_by: string;
  shared: Flag;
  created_at: string;
  updated_at: string;
}

/** A municipality's KITOS API connection and its sync's state (migration 0021; services/kitos-connections.ts). */
export interface KitosConnectionsTable {
  municipality_code: number;
  /** KITOS's address, https (http only for a local test server); default https://kitos.dk. */
  base_url: Generated<string>;
  /** The municipality's organisation in KITOS (lower-case UUID). */
  organization_uuid: string;
  /** The API user's e-mail and password as JSON, sealed by secrets.ts (`hfs1.<key id>.…`), bound to the row. */
  credentials_ciphertext: string;
  /** The key that sealed them (first 8 hex of its SHA-256): which rows a key rotation still has to re-encrypt. */
  credentials_key_id: string;
  /** The API user's e-mail, masked for the page (`k***@eksempel.dk`). */
  api_user_email_hint: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  last_sync_started_at: string | null;
  last_successful_sync_at: string | null;
  /** `changedSinceGtEq` for the next incremental sync: KITOS's time of the last successful read (not ours); null: the next sync is full. */
  sync_cursor: string | null;
  /** The last sync's error as JSON { da, en }; null after a success. */
  last_error: string | null;
  /** Who runs the sync now (an app server's id) and until when its lease holds. */
  lease_holder: string | null;
  lease_until: string | null;
}

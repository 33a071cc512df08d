// The static, ordered, append-only list of migrations (no FileMigrationProvider: kysely #254).
// Never edit or reorder an entry that has shipped; add a new one at the end.
import type { Migration } from 'kysely';
import { referenceCatalogue } from './0001_reference_catalogue.ts';
import { inventory } from './0002_inventory.ts';
import { openSourceCatalogue } from './0003_open_source_catalogue.ts';
import { scores } from './0004_scores.ts';
import { accountsAudit } from './0005_accounts_audit.ts';
import { scoreExitWindows } from './0006_score_exit_windows.ts';
import { scenarios } from './0007_scenarios.ts';
import { exitPlans } from './0008_exit_plans.ts';
import { kleRolesNoPersonData } from './0009_kle_roles_no_person_data.ts';
import { vendorIdentity } from './0010_vendor_identity.ts';
import { localProducts } from './0011_local_products.ts';
import { stableKeys } from './0012_stable_keys.ts';
import { demoSeparation } from './0013_demo_separation.ts';
import { alternativeLocalisation } from './0014_alternative_localisation.ts';
import { alternativeFacts } from './0015_alternative_facts.ts';
import { productFunctions } from './0016_product_functions.ts';
import { workerImportJobs } from './0017_worker_import_jobs.ts';
import { pgChangeNotify } from './0018_pg_change_notify.ts';
import { cacheCatalogueVersion } from './0019_cache_catalogue_version.ts';
import { historyIndexes } from './0020_history_indexes.ts';
import { kitosConnections } from './0021_kitos_connections.ts';
import { kitosSyncSnapshots } from './0022_kitos_sync_snapshots.ts';
import type { Dialect } from './util.ts';

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_reference_catalogue': referenceCatalogue(dialect),
    '0002_inventory': inventory(dialect),
    '0003_open_source_catalogue': openSourceCatalogue(dialect),
    '0004_scores': scores(dialect),
    '0005_accounts_audit': accountsAudit(dialect),
    '0006_score_exit_windows': scoreExitWindows(dialect),
    '0007_scenarios': scenarios(dialect),
    '0008_exit_plans': exitPlans(dialect),
    '0009_kle_roles_no_person_data': kleRolesNoPersonData(dialect),
    '0010_vendor_identity': vendorIdentity(dialect),
    '0011_local_products': localProducts(dialect),
    '0012_stable_keys': stableKeys(dialect),
    '0013_demo_separation': demoSeparation(dialect),
    '0014_alternative_localisation': alternativeLocalisation(dialect),
    '0015_alternative_facts': alternativeFacts(dialect),
    '0016_product_functions': productFunctions(dialect),
    '0017_worker_import_jobs': workerImportJobs(dialect),
    '0018_pg_change_notify': pgChangeNotify(dialect),
    '0019_cache_catalogue_version': cacheCatalogueVersion(dialect),
    '0020_history_indexes': historyIndexes(dialect),
    '0021_kitos_connections': kitosConnections(dialect),
    '0022_kitos_sync_snapshots': kitosSyncSnapshots(dialect),
  };
}

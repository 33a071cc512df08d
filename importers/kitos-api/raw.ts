export interface KitosRaw {
  itSystemUsages: unknown[];
  itSystems: unknown[];
  itContracts: unknown[];
  organizationUnits: unknown[];
  dataProcessingRegistrations: unknown[];
  kleOptions: unknown[];
  deletedEntities: unknown[];
}

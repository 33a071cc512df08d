// What a KITOS API v2 read hands the mapping: every entity list as the API returned it, unparsed
// (server/src/kitos/client.ts fills it; importers/kitos-api/schemas.ts validates it).
export interface KitosRaw { itSystemUsages: unknown[]; itSystems: unknown[]; itContracts: unknown[]; organizationUnits: unknown[]; dataProcessingRegistrations: unknown[]; kleOptions: unknown[]; deletedEntities: unknown[] }

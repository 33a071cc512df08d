// Builders for inventory records: valid by default, override one field to test one rule.
import type { ContractRecordInput, UsageRecordInput } from '../../server/src/domain/inventory.ts';
import type { ImportRunMeta } from '../../server/src/services/replace-inventory.ts';

export function aUsage(overrides: Partial<UsageRecordInput> = {}): UsageRecordInput {
  return { product_name: 'SBSYS', supplier: { name: 'Netcompany A/S', cvr: null }, lifecycle: 'operational', criticality: 'high', ...overrides };
}

export function aContract(overrides: Partial<ContractRecordInput> = {}): ContractRecordInput {
  return { name: 'ESDH-kontrakt', supplier: { name: 'Netcompany', cvr: null }, valid_from: '2022-01-01', valid_to: '2028-12-31', notice_months: 6, yearly_operation_cost_dkk: 1_200_000, ...overrides };
}

export function aRun(overrides: Partial<ImportRunMeta> = {}): ImportRunMeta {
  return {
    actor: 'test',
    fileName: 'inventory.csv',
    fileSha256: 'f'.repeat(64),
    fileSize: 100,
    format: 'csv',
    profile: 'generic',
    options: {},
    rowsRead: 1,
    rowsRejected: 0,
    errors: [],
    warnings: [],
    startedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}

import { describe, expect, it } from 'vitest';
import { inventoryRecords, usageKey } from '../domain/inventory.ts';
import { type DemoCatalogue, generateDemoInventory, yearShift } from './generate.ts';

const ASOF = '2026-12-06';

const catalogue: DemoCatalogue = {
  vendors: [
    { name: 'Microsoft Corporation', cvr: null, kind: 'company' },
    { name: 'KMD A/S', cvr: '26911745', kind: 'company' },
    { name: 'EG A/S', cvr: '84667811', kind: 'company' },
    { name: 'Amazon Web Services, Inc.', cvr: null, kind: 'company' },
  ],
  products: [
    { name: 'Microsoft 365 (suite)', category: 'productivity-suite', rightsHolder: { name: 'Microsoft Corporation', cvr: null }, rightsHolderKind: 'company', deploymentModels: ['saas'], requires: [{ role: 'identity', productName: 'Microsoft Entra ID (Azure AD)' }] },
    { name: 'Microsoft Entra ID (Azure AD)', category: 'identity-management', rightsHolder: { name: 'Microsoft Corporation', cvr: null }, rightsHolderKind: 'company', deploymentModels: ['saas'], requires: [] },
    { name: 'KMD Opus Økonomi', category: 'dk-economy', rightsHolder: { name: 'KMD A/S', cvr: '26911745' }, rightsHolderKind: 'company', deploymentModels: [], requires: [] },
    { name: 'SBSYS', category: 'dk-esdh', rightsHolder: null, rightsHolderKind: null, deploymentModels: ['on_premise'], requires: [] },
  ],
};

describe('generateDemoInventory', () => {
  it('is deterministic: the same seed gives the same records', () => {
    const a = generateDemoInventory(catalogue, { code: 147, name: 'Frederiksberg' }, 42, ASOF);
    const b = generateDemoInventory(catalogue, { code: 147, name: 'Frederiksberg' }, 42, ASOF);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('varies with the seed and with the municipality', () => {
    const a = generateDemoInventory(catalogue, { code: 147, name: 'Frederiksberg' }, 42, ASOF);
    expect(JSON.stringify(generateDemoInventory(catalogue, { code: 147, name: 'Frederiksberg' }, 43, ASOF))).not.toBe(JSON.stringify(a));
    expect(JSON.stringify(generateDemoInventory(catalogue, { code: 151, name: 'Ballerup' }, 42, ASOF))).not.toBe(JSON.stringify(a));
  });

  it('gives every municipality 150–600 valid usages whose references all resolve', () => {
    for (const code of [101, 147, 151, 461, 751, 851, 860]) {
      const records = inventoryRecords.parse(generateDemoInventory(catalogue, { code, name: String(code) }, 7, ASOF));
      expect(records.usages.length).toBeGreaterThanOrEqual(150);
      expect(records.usages.length).toBeLessThanOrEqual(600);
      const keys = new Set(records.usages.map(usageKey));
      expect(keys.size).toBe(records.usages.length);
      for (const c of records.contracts) for (const k of c.usage_keys) expect(keys.has(k)).toBe(true);
      for (const i of records.integrations) {
        expect(keys.has(i.source_key)).toBe(true);
        expect(keys.has(i.target_key)).toBe(true);
      }
      expect(records.contracts.length).toBeGreaterThan(10);
      expect(records.integrations.length).toBeGreaterThan(50);
    }
  });

  it('gives København the largest inventory', () => {
    const kbh = generateDemoInventory(catalogue, { code: 101, name: 'København' }, 1, ASOF);
    expect(kbh.usages).toHaveLength(600);
  });

  it('stands to any day as it stands to late 2026: every date moves by whole years, nothing else changes', () => {
    const m = { code: 147, name: 'Frederiksberg' };
    const base = generateDemoInventory(catalogue, m, 42, ASOF);
    const later = generateDemoInventory(catalogue, m, 42, '2028-12-06');
    const earlier = generateDemoInventory(catalogue, m, 42, '2024-12-06');
    // Every date (and the year in a contract's external id) moves by n years.
    const plusYears = (n: number) => (_: string, v: unknown) =>
      typeof v !== 'string' ? v
        : /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${Number(v.slice(0, 4)) + n}${v.slice(4)}`
        : /^K-\d{4}-/.test(v) ? `K-${Number(v.slice(2, 6)) + n}${v.slice(6)}`
        : v;
    const moved = (n: number) => JSON.stringify(JSON.parse(JSON.stringify(base), plusYears(n)));
    expect(JSON.stringify(later) === moved(2)).toBe(true);
    expect(JSON.stringify(earlier) === moved(-2)).toBe(true);
  });

  it('shifts by the year that began in October: test dates drawn up to mid-September lie in the past', () => {
    expect(yearShift('2026-11-27')).toBe(0);
    expect(yearShift('2027-09-30')).toBe(0);
    expect(yearShift('2027-10-01')).toBe(1);
    expect(yearShift('2024-12-06')).toBe(-2);
    expect(() => yearShift('6.12.2026')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/policy.ts';
import { canChangeScenario, canCreateScenario, canSeeScenario, namesOf, newScenario, scenarioSpec, specOfStored, storedReplacement } from './scenario-spec.ts';

const who = (userId: number | null, grants: Principal['grants'] = [], demoMode = false): Principal => ({ userId, label: `u${userId}`, grants, via: userId ? 'session' : 'anonymous', demoMode });
const author = who(1, [{ role: 'architect', municipalityCode: 101 }]);
const colleague = who(2, [{ role: 'leader', municipalityCode: 101 }]);
const stranger = who(3, [{ role: 'leader', municipalityCode: 147 }]);
const admin = who(4, [{ role: 'admin', municipalityCode: null }]);
const reader = who(5, [{ role: 'reader', municipalityCode: null }]);
const priv = { municipalityCode: 101, createdByUserId: 1, shared: false };
const shared = { ...priv, shared: true };

describe('scenario policy', () => {
  it('lets only the municipality’s leaders and architects (and admins) save', () => {
    expect([author, colleague, stranger, admin, reader, who(null)].map((p) => canCreateScenario(p, 101))).toEqual([true, true, false, true, false, false]);
  });
  it('shows a private scenario to its author only, a shared one to colleagues too', () => {
    expect([author, colleague, stranger, admin, reader].map((p) => canSeeScenario(p, priv))).toEqual([true, false, false, false, false]);
    expect([author, colleague, stranger, admin, reader].map((p) => canSeeScenario(p, shared))).toEqual([true, true, false, true, false]);
    expect(canSeeScenario(who(null, [], true), shared)).toBe(true);
    expect(canSeeScenario(who(null, [], true), priv)).toBe(false);
  });
  it('lets the author (and admins) change or delete', () => {
    expect([author, colleague, admin].map((p) => canChangeScenario(p, shared))).toEqual([true, false, true]);
  });
});

describe('scenario specs', () => {
  it('start valid, then break one field', () => {
    const valid = { name: 'Plan', replacements: [{ product: 'Exchange Online', alternative: 'Open-Xchange', from: '2027-01-01' }] };
    expect(newScenario.parse(valid).shared).toBe(false);
    expect(newScenario.safeParse({ ...valid, name: ' ' }).success).toBe(false);
    expect(scenarioSpec.safeParse({ replacements: [] }).success).toBe(false);
    expect(scenarioSpec.safeParse({ replacements: [{ ...valid.replacements[0], from: '2027-13-01' }] }).success).toBe(false);
    expect(scenarioSpec.safeParse({ replacements: [{ product: '', alternative: 'x' }] }).success).toBe(false);
  });
});

describe('scenario specs on anything (issue #14)', () => {
  it('takes products, a subset of usages and several candidates, and keeps the old shape valid', () => {
    const old = { product: 'Exchange Online', alternative: 'Open-Xchange' };
    expect(scenarioSpec.parse({ replacements: [old] }).replacements[0]).toEqual(old);
    const wide = { products: ['Microsoft Word', 'Microsoft Teams (chat)'], usages: ['Exchange Skole', 'usage:abc'], alternatives: ['openDesk'] };
    expect(namesOf(scenarioSpec.parse({ replacements: [wide] }).replacements[0]!)).toEqual({ products: wide.products, usages: wide.usages, candidates: ['openDesk'] });
    expect(namesOf({ product: 'A', products: ['B'], alternative: 'X', alternatives: ['Y', 'Z'] })).toEqual({ products: ['A', 'B'], usages: [], candidates: ['X', 'Y', 'Z'] });
  });
  it('refuses a replacement without what or without with-what, naming the field', () => {
    const what = scenarioSpec.safeParse({ replacements: [{ usages: [], alternatives: ['openDesk'] }] });
    expect(what.success).toBe(false);
    expect(what.error!.issues.map((i) => i.path.join('.'))).toEqual(['replacements.0.product']);
    const withWhat = scenarioSpec.safeParse({ replacements: [{ products: ['Word'], alternatives: [] }] });
    expect(withWhat.error!.issues.map((i) => i.path.join('.'))).toEqual(['replacements.0.alternative']);
  });
  it('reads a stored replacement of either shape back as a spec', () => {
    const oldStored = storedReplacement.parse({ product: 'product:7', productName: 'Word', alternative: 'alternative:3', alternativeName: 'LibreOffice Writer', from: null });
    expect(specOfStored(oldStored)).toEqual({ product: 'product:7', alternative: 'alternative:3', from: null });
    const wide = storedReplacement.parse({
      product: 'product:7', productName: 'Word, Exchange Skole', alternative: 'alternative:9', alternativeName: 'openDesk', from: '2027-01-01',
      products: [{ ref: 'product:7', name: 'Word' }], usages: [{ ref: 'usage:k1', name: 'Exchange Skole' }], alternatives: [{ ref: 'alternative:9', name: 'openDesk' }],
    });
    const spec = specOfStored(wide);
    expect(spec).toEqual({ products: ['product:7'], usages: ['usage:k1'], alternatives: ['alternative:9'], from: '2027-01-01' });
    expect(scenarioSpec.safeParse({ replacements: [spec] }).success).toBe(true);
  });
});


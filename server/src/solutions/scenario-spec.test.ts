import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/policy.ts';
import { canChangeScenario, canCreateScenario, canSeeScenario, newScenario, scenarioSpec } from './scenario-spec.ts';

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

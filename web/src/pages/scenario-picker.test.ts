import { describe, expect, it } from 'vitest';
import { matches, replacementOf, searchText } from './scenario-picker.ts';

const exchange = { ref: 'product:1', key: 'microsoft-exchange', name: 'Microsoft Exchange', usages: ['a', 'b', 'c'].map((k) => ({ ref: `usage:${k}`, key: k, name: `Exchange ${k}` })) };
const teams = { ref: 'product:2', key: 'microsoft-teams-chat', name: 'Microsoft Teams (chat)', usages: [{ ref: 'usage:t', key: 't', name: 'Teams' }] };

describe('the scenario picker’s choice as a spec', () => {
  it('names a fully chosen product as the product, a partly chosen one by its usages', () => {
    expect(replacementOf([{ product: exchange, usages: ['usage:a', 'usage:c'] }, { product: teams, usages: ['usage:t'] }], ['alternative:9'], null)).toEqual({
      products: ['product:2'], usages: ['usage:a', 'usage:c'], alternatives: ['alternative:9'], from: null,
    });
  });
  it('keeps the original shape for one product → one candidate', () => {
    expect(replacementOf([{ product: exchange, usages: exchange.usages.map((u) => u.ref) }, { product: teams, usages: [] }], ['alternative:9'], '2027-01-01')).toEqual({ product: 'product:1', alternative: 'alternative:9', from: '2027-01-01' });
  });
  it('is null when either side is empty', () => {
    expect(replacementOf([{ product: teams, usages: [] }], ['alternative:9'], null)).toBeNull();
    expect(replacementOf([{ product: teams, usages: ['usage:t'] }], [], null)).toBeNull();
  });
  it('searches by every word, Danish letters kept', () => {
    const text = searchText('Lokalebooking – Teknik- og Miljøforvaltningen', null, 'LOKALEBOOKING (demo)');
    expect(matches(text, 'lokale miljø')).toBe(true);
    expect(matches(text, 'lokale kultur')).toBe(false);
    expect(matches(text, '  ')).toBe(true);
  });
});

// Public API of the scoring engine (lockin-scoring.md §3, model `handlefrihed-1.0`). Pure: it
// imports only zod and the domain vocabulary, reads no clock, file, database or network.
export * from './input.ts';
export * from './model.ts';
export { rules, ruleText, type RuleId, type Text } from './rules.ts';
export { addMonths, monthsUntil } from './dates.ts';
export * from './factors.ts';
export * from './exit-window.ts';
export * from './system-score.ts';
export * from './confidence.ts';
export * from './vendor-reach.ts';
export * from './concentration.ts';
export * from './municipality-score.ts';
export * from './national-score.ts';
export * from './maturity.ts';
export * from './after-migration.ts';
export * from './sensitivity.ts';
export * from './reach-paths.ts';

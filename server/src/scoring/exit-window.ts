// The exit window (lockin-scoring.md §3.3 "exitvindue", §3.7 item 5): the next date on which the
// municipality can leave a usage without penalty, from the contract end, the notice period, the
// irrevocable period and any termination already given. Shown, not scored: it is an opportunity.
import { addMonths, maxDate, monthsUntil } from './dates.ts';
import type { ContractTerms, Input } from './input.ts';
import { defaultModel, type Model } from './model.ts';
import { rules, type RuleId, type Text } from './rules.ts';

/** `worst`: unknown terms at their least favourable value; `best`: at their most favourable. */
export type Mode = 'worst' | 'best';

export interface ContractExit {
  /** Next penalty-free exit date; null when it cannot be computed (unknown). */
  nextExit: string | null;
  /** Last day to give notice for that exit; null when no notice is needed or it is unknown. */
  noticeBy: string | null;
  monthsToExit: number | null;
  rule: RuleId;
}

export interface ExitWindow extends ContractExit {
  ruleText: Text;
  /** The exit opens within the model's window (24 months by default). */
  withinWindow: boolean;
  /** Which contract sets the date (the latest exit of all contracts covering the usage). */
  contractId: string | null;
}

/**
 * Next penalty-free exit from one contract. Termination already given fixes the date. Otherwise
 * the contract end frees the municipality; a termination right with notice exists only after a
 * recorded irrevocable period (no irrevocable date on record → no early exit is assumed); an
 * expired contract that still runs can be left with notice from `asOf`. In `worst` mode an
 * unknown notice period removes the notice routes and an unknown end date leaves no end route;
 * in `best` mode they are 0 months and `asOf`.
 */
export function contractExit(terms: ContractTerms, asOf: string, mode: Mode = 'worst'): ContractExit {
  const result = (nextExit: string | null, noticeBy: string | null, rule: RuleId): ContractExit => ({
    nextExit,
    noticeBy,
    monthsToExit: nextExit === null ? null : monthsUntil(asOf, nextExit),
    rule,
  });
  if (terms.terminatedAt !== null) return result(maxDate(terms.terminatedAt, asOf), null, 'EW.terminated');
  const notice = terms.noticeMonths ?? (mode === 'best' ? 0 : null);
  const end = terms.endDate ?? (mode === 'best' ? asOf : null);
  const noticeRoute =
    notice !== null && terms.irrevocableUntil !== null ? maxDate(addMonths(asOf, notice), terms.irrevocableUntil) : null;
  if (end !== null && end >= asOf) {
    if (noticeRoute !== null && noticeRoute < end) {
      return result(noticeRoute, addMonths(noticeRoute, -(notice as number)), 'EW.notice-after-irrevocable');
    }
    return result(end, notice === null ? null : addMonths(end, -notice), 'EW.contract-end');
  }
  if (end !== null) {
    // Expired but still in use: it runs on, and notice given today ends it.
    return notice === null ? result(null, null, 'EW.unknown') : result(addMonths(asOf, notice), asOf, 'EW.expired-running');
  }
  if (noticeRoute !== null) return result(noticeRoute, addMonths(noticeRoute, -(notice as number)), 'EW.notice-after-irrevocable');
  return result(null, null, 'EW.unknown');
}

/**
 * The exit window of a usage: free only when every contract covering it can be left, so the
 * latest contract exit counts. No contract on record (unknown) → unknown; declared none → now.
 */
export function exitWindow(
  contracts: Input<ContractTerms[]>,
  asOf: string,
  model: Model = defaultModel,
  mode: Mode = 'worst',
): ExitWindow {
  const finish = (e: ContractExit, contractId: string | null): ExitWindow => ({
    nextExit: e.nextExit,
    noticeBy: e.noticeBy,
    monthsToExit: e.monthsToExit,
    rule: e.rule,
    ruleText: rules[e.rule],
    withinWindow: e.monthsToExit !== null && e.monthsToExit <= model.exitWindowMonths,
    contractId,
  });
  if (contracts.provenance === 'unknown' || contracts.value === null) {
    if (mode === 'best') return finish({ nextExit: asOf, noticeBy: null, monthsToExit: 0, rule: 'EW.unknown' }, null);
    return finish({ nextExit: null, noticeBy: null, monthsToExit: null, rule: 'EW.unknown' }, null);
  }
  if (contracts.value.length === 0) return finish({ nextExit: asOf, noticeBy: null, monthsToExit: 0, rule: 'EW.no-contract' }, null);
  let latest: ContractExit | null = null;
  let latestId: string | null = null;
  for (let i = 0; i < contracts.value.length; i++) {
    const terms = contracts.value[i]!;
    const e = contractExit(terms, asOf, mode);
    if (e.nextExit === null) return finish(e, terms.id ?? `#${i + 1}`);
    if (latest === null || (latest.nextExit as string) < e.nextExit) {
      latest = e;
      latestId = terms.id ?? `#${i + 1}`;
    }
  }
  return finish(latest as ContractExit, latestId);
}

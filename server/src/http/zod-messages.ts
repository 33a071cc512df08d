// zod's validation messages in Danish and English for the problem+json `errors` (issue #13): a
// Danish reader gets "For lille: forventede streng havde >= 3 tegn", not zod's English. The issue's
// machine fields (code, path) stay as they are; only the words are translated, with zod's own
// locales. A message a schema wrote itself (not zod's default) is kept as written.
import { z } from 'zod';

type Issue = z.core.$ZodIssue;
type RawIssue = Parameters<ReturnType<typeof z.locales.da>['localeError']>[0];

const danish = z.locales.da().localeError;
const english = z.locales.en().localeError;

/** A value of the type zod reported as received ("received number"): final issues drop the input. */
const SAMPLE_INPUT: Readonly<Record<string, unknown>> = {
  undefined: undefined, null: null, number: 0, string: '', boolean: false, array: [], object: {}, NaN: Number.NaN, bigint: 0n, date: new Date(0),
};

function text(map: typeof danish, issue: RawIssue): string | undefined {
  const r = map(issue);
  return typeof r === 'string' ? r : r?.message;
}

/** The issue's message in Danish and English. */
export function issueMessage(issue: Issue): { da: string; en: string } {
  const received = /received (\w+)$/.exec(issue.message)?.[1];
  const raw = { ...issue, input: received !== undefined && received in SAMPLE_INPUT ? SAMPLE_INPUT[received] : undefined } as unknown as RawIssue;
  const en = text(english, raw);
  // zod's default English means the schema gave no message of its own: translate it.
  if (en !== undefined && en === issue.message) return { da: text(danish, raw) ?? issue.message, en };
  return { da: issue.message, en: issue.message };
}

/** One problem `errors` entry per issue: the field path, zod's issue code and the message in both languages. */
export const issueErrors = (issues: readonly Issue[]) =>
  issues.map((i) => ({ field: i.path.join('.'), code: i.code, message: issueMessage(i) }));

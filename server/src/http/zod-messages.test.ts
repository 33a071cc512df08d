import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueErrors, issueMessage } from './zod-messages.ts';

const issues = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues;

describe('zod messages in Danish and English', () => {
  it('translates zod’s default messages with its Danish locale, keeping code and path', () => {
    const schema = z.object({ name: z.string().min(3), kind: z.enum(['a', 'b']), n: z.number() });
    const errors = issueErrors(issues(schema, { name: 'x', kind: 'c', n: 'seven' }));
    expect(errors.map((e) => [e.field, e.code])).toEqual([['name', 'too_small'], ['kind', 'invalid_value'], ['n', 'invalid_type']]);
    for (const e of errors) expect(e.message.da).not.toBe(e.message.en);
    expect(errors[0]!.message.da).toContain('For lille');
    expect(errors[1]!.message.da).toContain('Ugyldigt valg');
  });

  it('names the type that was received, though zod drops the input from the final issue', () => {
    const [issue] = issues(z.object({ a: z.string() }), { a: 5 });
    const m = issueMessage(issue!);
    expect(m.en).toBe(issue!.message);
    expect(m.da).toMatch(/fik tal$/);
  });

  it('keeps a message the schema wrote itself', () => {
    const [issue] = issues(z.string().min(2, 'Skriv mindst to tegn'), 'x');
    expect(issueMessage(issue!)).toEqual({ da: 'Skriv mindst to tegn', en: 'Skriv mindst to tegn' });
  });
});

// RFC 9457 problem details: the one shape of every error the API returns.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError, type FieldError, type LocalizedText, RateLimitedError } from '../errors.ts';
import { issueErrors } from './zod-messages.ts';

export const PROBLEM_BASE = 'https://handlefrihed.dk/problems/';

export interface Problem {
  [extension: string]: unknown;
  type: string;
  title: string;
  title_da: string;
  title_en: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

/** The problem document in the language the request asks for (Danish unless it asks for English). */
export function problemDocument(c: Context, status: number, type: string, title: LocalizedText, detail: string, errors?: FieldError[], extensions: Record<string, unknown> = {}): Problem {
  const lang = (c.req.header('accept-language') ?? '').toLowerCase().startsWith('en') ? 'en' : 'da';
  return {
    type: PROBLEM_BASE + type,
    title: title[lang],
    title_da: title.da,
    title_en: title.en,
    status,
    detail,
    instance: c.req.path,
    ...(errors?.length ? { errors } : {}),
    ...extensions,
  };
}

function body(c: Context, status: number, type: string, title: LocalizedText, detail: string, errors?: FieldError[], extensions: Record<string, unknown> = {}): Response {
  const problem = problemDocument(c, status, type, title, detail, errors, extensions);
  return c.body(JSON.stringify(problem), status as ContentfulStatusCode, { 'content-type': 'application/problem+json; charset=utf-8' });
}

/** The root app's onError: typed errors keep their status; anything else is a 500 without internals. */
export function problemFromError(err: Error, c: Context): Response {
  if (err instanceof RateLimitedError) c.header('retry-after', String(err.retryAfterSeconds));
  // A typed server-side failure answers with its own text; what caused it goes to the log only.
  if (err instanceof AppError && err.status >= 500 && err.cause) console.error(err.cause);
  if (err instanceof AppError) return body(c, err.status, err.type, err.title, err.message, err.errors, err.extensions());
  if (err instanceof z.ZodError) {
    const errors = issueErrors(err.issues);
    return body(c, 400, 'invalid-input', { da: 'Ugyldigt input', en: 'Invalid input' }, 'The request did not validate', errors);
  }
  if (err instanceof HTTPException) {
    return body(c, err.status, `http-${err.status}`, { da: err.message || 'Fejl', en: err.message || 'Error' }, err.message);
  }
  console.error(err);
  return body(c, 500, 'internal', { da: 'Intern fejl', en: 'Internal error' }, 'An unexpected error occurred; it has been logged.');
}

export function problemNotFound(c: Context): Response {
  return body(c, 404, 'not-found', { da: 'Ikke fundet', en: 'Not found' }, `No resource at ${c.req.path}`);
}

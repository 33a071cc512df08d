// Conditional GET: an ETag derived from what an answer depends on (a version id, a computation
// time), checked before the answer is built, so a dashboard polling an unchanged score costs one
// indexed lookup and a 304 — not a rebuilt explanation. Answers without such a stamp get an ETag
// from their body (hono/etag) and still save the transfer.
import type { Context } from 'hono';

/**
 * The parts themselves, base64url-encoded (no hash: they are short, and hashing on every
 * conditional request cost more than the rest of a 304 in the handler).
 */
export const etagOf = (...parts: unknown[]): string => `W/"${Buffer.from(JSON.stringify(parts)).toString('base64url')}"`;

/** True when the client's If-None-Match names this ETag (weak comparison, RFC 9110 §13.1.2). */
export function clientHas(c: Context, etag: string): boolean {
  const header = c.req.header('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

/** Marks a response as revalidate-always for the browser, private to the user. */
export function setValidators(c: Context, etag: string): void {
  c.header('etag', etag);
  c.header('cache-control', 'private, no-cache');
}

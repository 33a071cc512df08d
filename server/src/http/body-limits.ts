// The size every request body may have, checked before the body is read: a Content-Length over
// the limit is refused at once, and a body without one (chunked) is counted while it streams and
// refused at the first byte too many, so nothing larger than the limit is ever buffered.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../errors.ts';

/** JSON bodies: the largest the API takes (an exit plan or a review) is a few tens of kilobytes. */
export const MAX_JSON_BYTES = 1024 * 1024;

const refuse = (maxBytes: number) => () => {
  throw new PayloadTooLargeError(`The request body exceeds the limit of ${maxBytes} bytes`, [
    { message: { da: `Forespørgslen er for stor (grænse ${maxBytes} byte)`, en: `The request is too large (limit ${maxBytes} bytes)` } },
  ]);
};

/**
 * `maxBytes` for every request body, except those `ownLimit` names: a route that enforces its
 * own (larger) limit, like the import upload with MAX_IMPORT_BYTES.
 */
export function limitBodies(options: { maxBytes: number; ownLimit: (c: Context) => boolean }): MiddlewareHandler {
  const limit = bodyLimit({ maxSize: options.maxBytes, onError: refuse(options.maxBytes) });
  return async (c, next) => (options.ownLimit(c) ? next() : limit(c, next));
}

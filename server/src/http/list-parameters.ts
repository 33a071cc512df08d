// A list endpoint answers only the query parameters its OpenAPI document names. A misspelt or
// undocumented filter (`/api/v1/usages?endsBefore=…`) would otherwise be dropped by validation and
// the caller would read an unfiltered list as if it were filtered; instead it gets a 400
// problem+json naming the parameter and the ones the endpoint knows.
//
// "List endpoint": a GET operation that documents paging (`limit`). The allowed names are read from
// the application's own OpenAPI document, so a documented parameter is always accepted.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { InputError } from '../errors.ts';
import type { AppEnv } from './openapi.ts';

interface ListOperation {
  pattern: RegExp;
  allowed: ReadonlySet<string>;
}

/** The list operations of the document: their path as a pattern and their query parameters. */
export function listOperations(document: { paths?: Record<string, { get?: { parameters?: unknown[] } } | undefined> }): ListOperation[] {
  const out: ListOperation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const parameters = (item?.get?.parameters ?? []) as { in?: string; name?: string }[];
    const query = parameters.filter((p) => p.in === 'query' && typeof p.name === 'string').map((p) => p.name!);
    if (!query.includes('limit')) continue;
    const source = path
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    out.push({ pattern: new RegExp(`^${source}/?$`), allowed: new Set(query) });
  }
  return out;
}

/** Refuses undocumented query parameters on the list endpoints of `app` (mount before the routes). */
export function rejectUnknownListParameters(app: OpenAPIHono<AppEnv>): MiddlewareHandler<AppEnv> {
  let operations: ListOperation[] | null = null;
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    operations ??= listOperations(app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'handlefrihed', version: '1' } }) as never);
    const operation = operations.find((o) => o.pattern.test(c.req.path));
    if (!operation) return next();
    const unknown = Object.keys(c.req.queries()).filter((name) => !operation.allowed.has(name));
    if (unknown.length) {
      const known = [...operation.allowed].join(', ');
      throw new InputError(
        `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; this list takes ${known}`,
        unknown.map((name) => ({
          field: name,
          message: {
            da: `Listen kender ikke parameteren «${name}» og ville have ignoreret den; mulige parametre: ${known}`,
            en: `The list has no parameter «${name}» and would have ignored it; its parameters: ${known}`,
          },
        })),
      );
    }
    return next();
  };
}

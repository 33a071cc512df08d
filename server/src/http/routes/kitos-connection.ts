// /api/v1/municipalities/{code}/kitos-connection (issue #18): the municipality's KITOS connection —
// KITOS's address, the organisation and the API user — for its architects (and admins) to set up,
// change and remove; its leaders may look. The password is write-only: no answer contains it.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { canConfigureKitos, canSeeKitosConnection } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import type { Keyring } from '../../secrets.ts';
import { configureKitosConnection, DEFAULT_KITOS_BASE_URL, forgetKitosConnection, showKitosConnection } from '../../services/kitos-connections.ts';
import { allow, existingMunicipality } from '../auth.ts';
import { type AppEnv, createRouter, json, LocalizedTextSchema, MunicipalityCodeParam, pick, problems } from '../openapi.ts';

const ConnectionSchema = z
  .object({
    municipalityCode: z.number().int(),
    baseUrl: z.string().openapi({ example: DEFAULT_KITOS_BASE_URL }),
    organizationUuid: z.string().openapi({ description: "The municipality's organisation in KITOS" }),
    apiUserEmailHint: z.string().openapi({ example: 'k***@eksempel.dk', description: "The API user's e-mail, masked" }),
    credentialsKeyId: z.string().openapi({ description: 'The key (SECRETS_KEY) the credentials are encrypted with: the first 8 hex digits of its SHA-256' }),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    lastSyncStartedAt: z.string().nullable(),
    lastSuccessfulSyncAt: z.string().nullable(),
    syncCursor: z.string().nullable().openapi({ description: "Where the next incremental sync starts (KITOS's time of the last successful read); null: the next sync reads everything" }),
    lastError: LocalizedTextSchema.nullable().openapi({ description: "The last sync's error; null after a success" }),
    syncRunning: z.boolean().openapi({ description: 'A server is syncing the municipality now (holds its lease)' }),
  })
  .openapi('KitosConnection');

const ConnectionInput = z
  .object({
    baseUrl: z.string().max(2000).nullable().optional().openapi({ description: `KITOS's address (https); omitted: ${DEFAULT_KITOS_BASE_URL}` }),
    organizationUuid: z.string().max(100).openapi({ description: "The municipality's organisation UUID in KITOS (GET /api/v2/organizations?onlyWhereUserHasMembership=true as the API user)" }),
    email: z.string().max(320).openapi({ description: "The KITOS API user's e-mail (a function mailbox); shown masked afterwards" }),
    password: z
      .string()
      .max(1024)
      .nullable()
      .optional()
      .openapi({ description: "The API user's password: write-only, stored encrypted, never answered. Needed for a new connection and when the e-mail changes; omitted: the stored one stays", format: 'password', writeOnly: true }),
  })
  .openapi('KitosConnectionInput');

const noKey = { 503: { ...problems[409], description: 'The server has no SECRETS_KEY (credentials are never stored unencrypted), or cannot decrypt the stored ones' } };

export function kitosConnectionRoutes(db: Kysely<Database>, keyring: Keyring) {
  const allowConfigure = async (c: Context<AppEnv>, code: number) => {
    await existingMunicipality(db, code);
    return allow(c, canConfigureKitos(c.get('principal'), code), "change this municipality's KITOS connection");
  };
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/{code}/kitos-connection',
        tags: ['Import'],
        summary: "The municipality's KITOS connection and its sync state (never the credentials); its architects, leaders and admins",
        request: { params: MunicipalityCodeParam },
        responses: { 200: json(ConnectionSchema, 'The connection'), ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        await existingMunicipality(db, code);
        allow(c, canSeeKitosConnection(c.get('principal'), code), "see this municipality's KITOS connection");
        return c.json(await showKitosConnection(db, code), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/{code}/kitos-connection',
        tags: ['Import'],
        summary: 'Set up or change the KITOS connection (its architects and admins); the password is encrypted with SECRETS_KEY and never answered',
        request: { params: MunicipalityCodeParam, body: { content: { 'application/json': { schema: ConnectionInput } }, required: true } },
        responses: { 200: json(ConnectionSchema, 'The connection as stored'), ...pick(400, 401, 403, 404), ...noKey },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const principal = await allowConfigure(c, code);
        return c.json(await configureKitosConnection(db, keyring, principal, code, c.req.valid('json')), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'delete',
        path: '/{code}/kitos-connection',
        tags: ['Import'],
        summary: 'Remove the KITOS connection and its credentials (its architects and admins); syncs stop',
        request: { params: MunicipalityCodeParam },
        responses: { 204: { description: 'Removed' }, ...pick(401, 403, 404) },
      }),
      async (c) => {
        const { code } = c.req.valid('param');
        const principal = await allowConfigure(c, code);
        await forgetKitosConnection(db, principal, code);
        return c.body(null, 204);
      },
    );
}

// /api/v1/users (administrators: accounts and their roles) and /api/v1/me/tokens (everyone
// signed in with a session: personal API tokens for scripted uploads, shown once, expiring,
// revocable; a token itself can neither make, see nor revoke tokens).
import { createRoute, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canAdminister, isSignedIn, role } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { type AccountSettings, createApiToken, createUser, listTokens, revokeApiToken, setDisabled, setGrants, setPassword, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../services/accounts.ts';
import { listUsers } from '../../repositories/users.repository.ts';
import { allow } from '../auth.ts';
import { createRouter, GrantSchema, IdParam, json, listOf, PageQuery, pick, problems } from '../openapi.ts';

/** A grant as a request gives it: a municipality code in range, none by default. */
const GrantInput = z.object({ role, municipalityCode: z.number().int().min(100).max(999).nullable().default(null) });
const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    displayName: z.string().nullable(),
    disabled: z.boolean(),
    hasPassword: z.boolean(),
    oidc: z.boolean(),
    createdAt: z.string(),
    lastLoginAt: z.string().nullable(),
    grants: z.array(GrantSchema),
  })
  .openapi('User');
const NewUser = z
  .object({ email: z.email(), displayName: z.string().max(200).nullable().optional(), password: z.string().max(1024).nullable().optional(), grants: z.array(GrantInput).default([]) })
  .openapi('NewUser');
const TokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string(),
    role,
    municipalityCode: z.number().int().nullable(),
    createdAt: z.string(),
    expiresAt: z.string().openapi({ description: 'When the token stops working (every token expires)' }),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');
const NewToken = z
  .object({
    name: z.string().min(1).max(100),
    role,
    municipalityCode: z.number().int().min(100).max(999).nullable().default(null),
    expiresAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: `When the token stops working: omitted means in ${TOKEN_DEFAULT_DAYS} days; at most ${TOKEN_MAX_DAYS} days ahead. null (never) and later dates are refused with 422` }),
  })
  .openapi('NewApiToken');

const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

export function userRoutes(db: Kysely<Database>, settings: AccountSettings) {
  const admin = (c: Parameters<typeof allow>[0]) => allow(c, canAdminister(c.get('principal')), 'manage users');
  return createRouter()
    .openapi(
      createRoute({ method: 'get', path: '/', tags: ['Brugere'], request: { query: PageQuery }, responses: { 200: json(listOf(UserSchema), 'Users by e-mail'), ...pick(401, 403) } }),
      async (c) => {
        admin(c);
        const page = c.req.valid('query');
        return c.json({ ...(await listUsers(db, page)), ...page }, 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/', tags: ['Brugere'], summary: 'Create a user (a password, or none for OIDC-only accounts)', request: body(NewUser), responses: { 201: json(UserSchema, 'Created'), ...pick(400, 401, 403, 409) } }),
      async (c) => {
        const principal = admin(c);
        const u = c.req.valid('json');
        return c.json(await createUser(db, principal, { email: u.email, displayName: u.displayName ?? null, password: u.password ?? null, grants: u.grants }, settings), 201);
      },
    )
    .openapi(
      createRoute({ method: 'put', path: '/{id}/grants', tags: ['Brugere'], summary: "Replace a user's roles", request: { params: IdParam, ...body(z.object({ grants: z.array(GrantInput) })) }, responses: { 200: json(UserSchema, 'The user'), ...pick(400, 401, 403, 404) } }),
      async (c) => c.json(await setGrants(db, admin(c), c.req.valid('param').id, c.req.valid('json').grants), 200),
    )
    .openapi(
      createRoute({ method: 'put', path: '/{id}/disabled', tags: ['Brugere'], summary: 'Disable (signs out everywhere, revokes every API token for good) or enable a user', request: { params: IdParam, ...body(z.object({ disabled: z.boolean() })) }, responses: { 200: json(UserSchema, 'The user'), ...pick(400, 401, 403, 404) } }),
      async (c) => c.json(await setDisabled(db, admin(c), c.req.valid('param').id, c.req.valid('json').disabled), 200),
    )
    .openapi(
      createRoute({ method: 'put', path: '/{id}/password', tags: ['Brugere'], summary: "Set a user's password (signs the user out everywhere)", request: { params: IdParam, ...body(z.object({ password: z.string().max(1024) })) }, responses: { 204: { description: 'Changed' }, ...pick(400, 401, 403, 404) } }),
      async (c) => {
        await setPassword(db, admin(c), c.req.valid('param').id, c.req.valid('json').password, settings);
        return c.body(null, 204);
      },
    );
}

export function tokenRoutes(db: Kysely<Database>) {
  // 401 for a stranger here; the accounts service answers 403 to a bearer token (sessions only).
  const me = (c: Parameters<typeof allow>[0]) => allow(c, isSignedIn(c.get('principal')), 'manage API tokens');
  const tooLong = { 422: { ...problems[422], description: `The expiry is missing (null), past, or more than ${TOKEN_MAX_DAYS} days away` } };
  return createRouter()
    .openapi(
      createRoute({ method: 'get', path: '/', tags: ['Brugere'], summary: 'Your API tokens (never the secrets); a signed-in session only, a bearer token gets 403', responses: { 200: json(z.object({ items: z.array(TokenSchema) }), 'Tokens, newest first'), ...pick(401, 403) } }),
      async (c) => c.json({ items: await listTokens(db, me(c)) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['Brugere'],
        summary: 'Create a personal API token for one of your roles; the secret is shown this once',
        description: `Only a person signed in with a session can create tokens (a bearer token gets 403). Every token expires: in ${TOKEN_DEFAULT_DAYS} days unless \`expiresAt\` says sooner, at most ${TOKEN_MAX_DAYS} days ahead. Disabling the account revokes its tokens for good.`,
        request: body(NewToken),
        responses: { 201: json(z.object({ token: z.string().openapi({ description: 'Send as `Authorization: Bearer …`' }), item: TokenSchema }), 'Created'), ...pick(400, 401, 403), ...tooLong },
      }),
      async (c) => {
        const created = await createApiToken(db, me(c), c.req.valid('json'));
        return c.json({ token: created.token, item: created.view }, 201);
      },
    )
    .openapi(
      createRoute({ method: 'delete', path: '/{id}', tags: ['Brugere'], summary: 'Revoke one of your tokens; a signed-in session only, a bearer token gets 403', request: { params: IdParam }, responses: { 200: json(TokenSchema, 'Revoked'), ...pick(401, 403, 404) } }),
      async (c) => c.json(await revokeApiToken(db, me(c), c.req.valid('param').id), 200),
    );
}

// A REAL OpenID Connect provider for tests: `oidc-provider` v9 on 127.0.0.1 and a free port, with
// confidential clients, PKCE required, test users with claims, and the provider's own development
// interactions (login + consent pages), which `loginAs` drives with fetch and a small cookie jar:
// no browser, but the provider's real authorization, interaction, token, userinfo and JWKS endpoints.
import { generateKeyPairSync } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// oidc-provider ships no types and @types/oidc-provider is not installed: the little we use is typed below.
// @ts-ignore TS7016 (no declaration file); ts-ignore rather than ts-expect-error so adding the types later does not break.
import * as oidc from 'oidc-provider';

interface ProviderLike {
  listen(port: number, host: string, cb: () => void): Server;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
const Provider = (oidc as unknown as { Provider: new (issuer: string, config: Record<string, unknown>) => ProviderLike }).Provider;

export interface TestUser {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
  [claim: string]: unknown;
}

export const TEST_USERS: Record<string, TestUser> = {
  // An architect in København and Frederiksberg, reader everywhere.
  anna: {
    email: 'Anna.Arkitekt@kk.dk',
    email_verified: true,
    name: 'Anna Arkitekt',
    groups: ['hf-arkitekter', 'hf-laesere', 'alle-medarbejdere'],
    realm_access: { roles: ['handlefrihed-admin'] },
  },
  // A leader in Aarhus (two groups mapping to the same grant: deduplicated).
  bo: {
    email: 'bo@aarhus.dk',
    email_verified: false,
    name: 'Bo Leder',
    groups: ['hf-ledere-aarhus', 'hf-ledere-aarhus-2'],
  },
  // Signs in fine at the provider, but no group the app knows.
  carl: {
    email: 'carl@example.dk',
    name: 'Carl Udenfor',
    groups: ['alle-medarbejdere'],
  },
};

export interface TestClient {
  clientId: string;
  clientSecret: string;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
}

export interface TestOidcProvider {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  issuer: string;
  /** Where the clients are registered to return to; nothing listens there: `loginAs` stops at it. */
  redirectUri: string;
  /** client_secret_basic */
  client: TestClient;
  /** client_secret_post */
  postClient: TestClient;
  /**
   * Follows an authorization URL through the provider's login and consent pages as `accountId`
   * and returns the callback URL (with `code`, `state`, `iss`) the browser would be sent to.
   */
  loginAs(authorizationUrl: string, accountId: string): Promise<URL>;
  stop(): Promise<void>;
}

export async function startOidcProvider(options: { users?: Record<string, TestUser>; redirectUri?: string } = {}): Promise<TestOidcProvider> {
  const users = options.users ?? TEST_USERS;
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1:9/auth/oidc/callback';

  // The issuer must be known before the provider is built, so take a free port first.
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', use: 'sig', alg: 'RS256' };

  const client: TestClient = { clientId: 'handlefrihed', clientSecret: 'hemmelig-test-noegle-basic', tokenEndpointAuthMethod: 'client_secret_basic' };
  const postClient: TestClient = { clientId: 'handlefrihed-post', clientSecret: 'hemmelig-test-noegle-post', tokenEndpointAuthMethod: 'client_secret_post' };

  const provider = new Provider(issuer, {
    clients: [client, postClient].map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      token_endpoint_auth_method: c.tokenEndpointAuthMethod,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-cookie-signing-key'] },
    // Explicit lifetimes (seconds), which also keeps the provider from printing a notice for each default.
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    // Scope → claims. With the default conformIdTokenClaims, scope-requested claims are delivered by
    // userinfo, not in the ID token: the client must fetch userinfo (as it must with many real providers).
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups', 'realm_access'],
    },
    findAccount: async (_ctx: unknown, id: string) => {
      const user = users[id];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...user }) };
    },
    // Plain-text errors instead of the default HTML page: easier to read in a failing test.
    renderError: async (ctx: { type: string; body: string }, out: Record<string, unknown>) => {
      ctx.type = 'text/plain';
      ctx.body = JSON.stringify(out);
    },
  });
  // The provider logs server errors through events; surface them in the test output.
  provider.on('server_error', (_ctx, err) => console.error('[oidc-provider] server_error', err));

  const server = await new Promise<Server>((resolve, reject) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });

  return {
    issuer,
    redirectUri,
    client,
    postClient,
    loginAs: (authorizationUrl, accountId) => driveInteraction(authorizationUrl, accountId, redirectUri),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Driving the provider's development interactions without a browser

/** Just enough of a cookie jar: the provider scopes its interaction cookies by path. */
class CookieJar {
  private cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [k = '', v = ''] = attribute.split('=');
        const key = k.toLowerCase();
        if (key === 'path') path = v || '/';
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
      }
      const id = `${name}\n${path}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { value, path });
    }
  }

  header(url: URL): string {
    return [...this.cookies.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([id, c]) => `${id.split('\n')[0]}=${c.value}`)
      .join('; ');
  }
}

async function driveInteraction(authorizationUrl: string, accountId: string, redirectUri: string): Promise<URL> {
  const jar = new CookieJar();
  const request = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const cookie = jar.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.store(response);
    return response;
  };

  let url = new URL(authorizationUrl);
  let response = await request(url);
  for (let hop = 0; hop < 20; hop++) {
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (!location) throw new Error(`redirect without location from ${url.href}`);
      await response.body?.cancel();
      url = new URL(location, url);
      if (url.href.startsWith(redirectUri)) return url;
      response = await request(url);
      continue;
    }
    const body = await response.text();
    if (response.status !== 200) throw new Error(`oidc-provider answered ${response.status} at ${url.href}: ${body.slice(0, 500)}`);

    // An interaction page (/interaction/:uid): submit it as the provider's dev interactions expect.
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(body);
    const prompt = /name="prompt" value="([a-z]+)"/.exec(body)?.[1];
    if (!form?.[1] || !prompt) throw new Error(`unexpected page at ${url.href}: ${body.slice(0, 500)}`);
    const action = new URL(form[1].replace(/&amp;/g, '&'), url);
    const fields: Record<string, string> = prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt };
    url = action;
    response = await request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
  throw new Error(`too many redirects driving the login of "${accountId}"`);
}

// Signing in from tests the way a browser or a script does: a user created through the accounts
// service, then POST /api/v1/auth/login, keeping the cookie and the CSRF token.
import type { Grant } from '../../server/src/auth/policy.ts';
import { createApiToken, createUser } from '../../server/src/services/accounts.ts';
import type { TestApp } from './app.ts';

export const TEST_PASSWORD = 'korrekt-hest-batteri-hæfteklamme';

export interface SignedInClient {
  userId: number;
  email: string;
  /** Headers for reads (the cookie) and for writes (cookie plus X-CSRF-Token). */
  read: Record<string, string>;
  write: Record<string, string>;
}

let counter = 0;

export async function createTestUser(ta: TestApp, grants: Grant[], email = `bruger${++counter}@kommune.dk`) {
  return createUser(ta.t.handle.db, { userId: null, label: 'test' }, { email, password: TEST_PASSWORD, grants }, { passwordScryptN: 16384 });
}

export async function signInAs(ta: TestApp, grants: Grant[], email?: string): Promise<SignedInClient> {
  const user = await createTestUser(ta, grants, email);
  const res = await ta.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { userId: user.id, email: user.email, read: { cookie }, write: { cookie, 'x-csrf-token': csrfToken } };
}

/** A bearer token for one grant of a new user. */
export async function tokenFor(ta: TestApp, grant: Grant): Promise<string> {
  const user = await createTestUser(ta, [grant]);
  const { token } = await createApiToken(ta.t.handle.db, { userId: user.id, label: user.email, grants: user.grants, via: 'session', demoMode: false }, { name: 'test', role: grant.role, municipalityCode: grant.municipalityCode });
  return token;
}

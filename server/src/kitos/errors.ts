// What can go wrong talking to KITOS, as typed errors the routes turn into problem+json and the
// CLI into a message. Each carries its reason in Danish and English (in `errors[0].message`; the
// detail is the English). None ever holds a credential or a token: the only request detail they
// name is the endpoint (path and query, which carry no secrets).
import { AppError, type LocalizedText } from '../errors.ts';

abstract class KitosError extends AppError {
  constructor(readonly reason: LocalizedText, code: string) {
    super(reason.en, [{ code, message: reason }]);
  }
}

/** Why KITOS refused: the login itself, a 403 on a read, or a 401 again right after a new token. */
export type KitosAccessRefusal = 'login' | 'forbidden' | 'token-refused';

/**
 * KITOS refused the API user: the credentials are wrong, the user is not an API user, or it may
 * not read the organisation. Never retried (trying again cannot help and could lock the user out).
 * 502: the request to handlefrihed was fine; the KITOS connection behind it is not.
 */
export class KitosAccessError extends KitosError {
  readonly type = 'kitos-access-denied';
  readonly status = 502;
  readonly title = { da: 'KITOS afviste adgangen', en: 'KITOS refused access' };
  constructor(readonly refusal: KitosAccessRefusal, readonly endpoint: string) {
    super(accessReason(refusal, endpoint), `kitos-${refusal}`);
  }

  override extensions(): Record<string, unknown> {
    return { endpoint: this.endpoint, refusal: this.refusal };
  }
}

function accessReason(refusal: KitosAccessRefusal, endpoint: string): LocalizedText {
  switch (refusal) {
    case 'login':
      return {
        da: 'KITOS-API-brugeren har ikke adgang: KITOS afviste login med den gemte e-mail og adgangskode. Kontrollér dem, og at brugeren er oprettet som API-bruger (kommunens lokale administrator bestiller det hos info@kitos.dk).',
        en: "The KITOS API user has no access: KITOS refused the login with the stored e-mail and password. Check them, and that the user is registered as an API user (the municipality's local administrator requests that from info@kitos.dk).",
      };
    case 'forbidden':
      return {
        da: `KITOS-API-brugeren har ikke adgang til ${endpoint}: brugeren mangler API-adgang eller læseadgang til organisationen.`,
        en: `The KITOS API user has no access to ${endpoint}: the user lacks API access or read access to the organisation.`,
      };
    case 'token-refused':
      return {
        da: `KITOS-API-brugeren har ikke adgang til ${endpoint}: KITOS afviste også en ny token.`,
        en: `The KITOS API user has no access to ${endpoint}: KITOS refused a new token as well.`,
      };
  }
}

/** KITOS did not answer usably after the bounded retries (5xx, 429, timeouts, network errors). */
export class KitosUnavailableError extends KitosError {
  readonly type = 'kitos-unavailable';
  readonly status = 503;
  readonly title = { da: 'KITOS svarer ikke', en: 'KITOS is not answering' };
  constructor(readonly endpoint: string, readonly attempts: number, readonly lastFailure: string) {
    super(
      {
        da: `KITOS svarede ikke på ${endpoint} efter ${attempts} forsøg (sidst: ${lastFailure}). Prøv igen senere.`,
        en: `KITOS did not answer ${endpoint} after ${attempts} attempts (last: ${lastFailure}). Try again later.`,
      },
      'kitos-unavailable',
    );
  }

  override extensions(): Record<string, unknown> {
    return { endpoint: this.endpoint, attempts: this.attempts };
  }
}

/** KITOS's data kept moving under the paging (rows deleted or reordered) through every sweep allowed. */
export class KitosUnsettledError extends KitosError {
  readonly type = 'kitos-unavailable';
  readonly status = 503;
  readonly title = { da: 'KITOS svarer ikke', en: 'KITOS is not answering' };
  constructor(readonly endpoint: string, readonly sweeps: number) {
    super(
      {
        da: `Data i KITOS ændrede sig under alle ${sweeps} gennemløb af ${endpoint}, så ingen læsning var hel. Prøv igen senere.`,
        en: `The data in KITOS changed during all ${sweeps} sweeps of ${endpoint}, so no read was whole. Try again later.`,
      },
      'kitos-unsettled',
    );
  }

  override extensions(): Record<string, unknown> {
    return { endpoint: this.endpoint, sweeps: this.sweeps };
  }
}

/**
 * KITOS answered, but not as its API promises: a 400 or other unexpected status, a body that is
 * not JSON, not an array where one is expected, too large, or a paging that does not end.
 */
export class KitosContractError extends KitosError {
  readonly type = 'kitos-contract-violation';
  readonly status = 502;
  readonly title = { da: 'KITOS svarede uventet', en: 'Unexpected answer from KITOS' };
  constructor(readonly endpoint: string, readonly page: number | null, problem: LocalizedText) {
    const where = page === null ? endpoint : `${endpoint} (side ${page})`;
    const whereEn = page === null ? endpoint : `${endpoint} (page ${page})`;
    super({ da: `KITOS svarede uventet på ${where}: ${problem.da}`, en: `Unexpected answer from KITOS to ${whereEn}: ${problem.en}` }, 'kitos-contract');
  }

  override extensions(): Record<string, unknown> {
    return { endpoint: this.endpoint, page: this.page };
  }
}

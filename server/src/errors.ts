// Typed domain errors. Services throw these; the HTTP layer maps them to
// application/problem+json (RFC 9457) in one place, the CLI to an exit code and a message.

import type { FieldError, LocalizedText } from './domain/field-error.ts';

export type { FieldError, LocalizedText } from './domain/field-error.ts';

export abstract class AppError extends Error {
  /** Stable problem type, the last segment of the `type` URI. */
  abstract readonly type: string;
  abstract readonly status: number;
  abstract readonly title: LocalizedText;
  readonly errors: FieldError[];

  constructor(detail: string, errors: FieldError[] = [], options?: ErrorOptions) {
    super(detail, options);
    this.name = new.target.name;
    this.errors = errors;
  }

  /** Extra members of the problem document (RFC 9457 §3.2). */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class NotFoundError extends AppError {
  readonly type = 'not-found';
  readonly status = 404;
  readonly title = { da: 'Ikke fundet', en: 'Not found' };
}

export class InputError extends AppError {
  readonly type = 'invalid-input';
  readonly status = 400;
  readonly title = { da: 'Ugyldigt input', en: 'Invalid input' };
}

/** Well-formed, but over a limit the service sets (e.g. an API token's lifetime). */
export class LimitExceededError extends AppError {
  readonly type = 'limit-exceeded';
  readonly status = 422;
  readonly title = { da: 'Over grænsen', en: 'Over the limit' };
}

export class ConflictError extends AppError {
  readonly type = 'conflict';
  readonly status = 409;
  readonly title = { da: 'Konflikt', en: 'Conflict' };
}

/** A request body larger than its route accepts: refused before the rest of it is read. */
export class PayloadTooLargeError extends AppError {
  readonly type = 'payload-too-large';
  readonly status = 413;
  readonly title = { da: 'Forespørgslen er for stor', en: 'Request too large' };
}

/** A file that cannot be read at all (encoding, size, structure); row errors come in a report. */
export class FileRefusedError extends AppError {
  readonly type = 'file-refused';
  readonly status = 422;
  readonly title = { da: 'Filen blev afvist', en: 'The file was refused' };
}

/** An import refused because of row errors: the problem carries the whole import report. */
export class ImportRefusedError extends FileRefusedError {
  constructor(detail: string, errors: FieldError[], readonly report: unknown) {
    super(detail, errors);
  }

  override extensions(): Record<string, unknown> {
    return { report: this.report };
  }
}

/**
 * An import that failed after it started, for a reason other than its content (the database, the
 * server): the run is recorded as failed with `reason`, which is also the answer. The engine's
 * own message stays in the log (`cause`), never in the answer or the run.
 */
export class ImportFailedError extends AppError {
  readonly type = 'import-failed';
  readonly title = { da: 'Indlæsningen mislykkedes', en: 'The import failed' };
  constructor(
    /** 503: a conflict with a concurrent write, worth trying again; 500: anything else. */
    readonly status: 500 | 503,
    reason: LocalizedText,
    /** The failed run as recorded (null if even recording it failed). */
    readonly importRunId: number | null,
    options?: ErrorOptions,
  ) {
    super(reason.en, [{ code: 'import-failed', message: reason }], options);
  }

  override extensions(): Record<string, unknown> {
    return { importRunId: this.importRunId };
  }
}

/** Reference data that does not validate: names the file, line and column. */
export class ReferenceDataError extends AppError {
  readonly type = 'reference-data-invalid';
  readonly status = 500;
  readonly title = { da: 'Referencedata er ugyldige', en: 'Reference data is invalid' };
}

export class MigrationError extends AppError {
  readonly type = 'migration-failed';
  readonly status = 500;
  readonly title = { da: 'Databasemigrering fejlede', en: 'Database migration failed' };
  constructor(readonly migration: string, cause: unknown) {
    super(`Migration "${migration}" failed: ${cause instanceof Error ? cause.message : String(cause)}`, [], { cause });
  }
}

export class ConfigError extends AppError {
  readonly type = 'invalid-configuration';
  readonly status = 500;
  readonly title = { da: 'Ugyldig konfiguration', en: 'Invalid configuration' };
}

/** No valid session or token: sign in first. */
export class UnauthenticatedError extends AppError {
  readonly type = 'unauthenticated';
  readonly status = 401;
  readonly title = { da: 'Log ind først', en: 'Sign in first' };
}

/** Signed in, but the role or municipality does not allow this. */
export class ForbiddenError extends AppError {
  readonly type = 'forbidden';
  readonly status = 403;
  readonly title = { da: 'Ingen adgang', en: 'Forbidden' };
}

/** Too many attempts; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  readonly type = 'rate-limited';
  readonly status = 429;
  readonly title = { da: 'For mange forsøg', en: 'Too many attempts' };
  constructor(detail: string, readonly retryAfterSeconds: number) {
    super(detail);
  }
}

/**
 * A secret the server keeps encrypted (secrets.ts) cannot be stored or read: no SECRETS_KEY, the
 * key that sealed it is not configured, or it does not belong where it was found. 503: the
 * server's configuration, not the request, has to change (or the secret be entered again).
 */
export class SecretsUnavailableError extends AppError {
  readonly type = 'secrets-unavailable';
  readonly status = 503;
  readonly title = { da: 'Adgangsoplysninger kan ikke gemmes eller læses', en: 'Credentials cannot be stored or read' };

  static noKey(): SecretsUnavailableError {
    return new SecretsUnavailableError('No SECRETS_KEY is configured: credentials are never stored unencrypted', [
      {
        code: 'secrets-key-missing',
        message: {
          da: 'Serveren har ingen nøgle til at kryptere adgangsoplysninger, så de gemmes ikke. Driften skal sætte SECRETS_KEY (32 byte, base64 eller hex, fx `openssl rand -base64 32`) og genstarte.',
          en: 'The server has no key to encrypt credentials with, so they are not stored. Operations must set SECRETS_KEY (32 bytes, base64 or hex, e.g. `openssl rand -base64 32`) and restart.',
        },
      },
    ]);
  }

  static unknownKey(what: LocalizedText, keyId: string, currentKeyId: string | null): SecretsUnavailableError {
    return new SecretsUnavailableError(`${what.en} is encrypted with key ${keyId}, which this server does not have (current key: ${currentKeyId ?? 'none'})`, [
      {
        code: 'secrets-key-unknown',
        message: {
          da: `${what.da} er krypteret med nøgle ${keyId}, som serveren ikke har (nuværende nøgle: ${currentKeyId ?? 'ingen'}). Sæt den gamle nøgle i SECRETS_KEY_PREVIOUS, eller indtast adgangsoplysningerne igen.`,
          en: `${what.en} is encrypted with key ${keyId}, which this server does not have (current key: ${currentKeyId ?? 'none'}). Put the old key in SECRETS_KEY_PREVIOUS, or enter the credentials again.`,
        },
      },
    ]);
  }

  static unreadable(what: LocalizedText): SecretsUnavailableError {
    return new SecretsUnavailableError(`${what.en} cannot be decrypted: it was changed, or belongs to another row`, [
      {
        code: 'secrets-unreadable',
        message: {
          da: `${what.da} kan ikke dekrypteres: værdien er ændret eller hører til en anden række. Indtast adgangsoplysningerne igen.`,
          en: `${what.en} cannot be decrypted: the value was changed or belongs to another row. Enter the credentials again.`,
        },
      },
    ]);
  }
}

// The API's response types, the only server module the web front end imports.
export type { MunicipalitySummary } from './repositories/municipalities.repository.ts';

export interface Health {
  status: 'ok';
  database: 'sqlite' | 'postgres';
  schemaVersion: number;
}

export interface ListResponse<T> {
  items: T[];
  total: number;
}

/** GET /api/v1/auth/session (and the answer to a sign-in). */
export type SessionView = import('zod').infer<typeof import('./http/routes/auth.ts').SessionSchema>;

/** GET /api/v1/moderation/vendors (and the queue's `vendors`), POST /api/v1/vendors/{id}/review. */
export type { UnreviewedVendor, VendorReview } from './services/vendor-review.ts';

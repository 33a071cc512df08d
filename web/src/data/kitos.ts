// The import page's KITOS calls (issue #18): the municipality's connection (read, set up or
// change, forget), finding the API user's organisation, and a sync. The connection calls throw
// ApiError as every other call; the sync and the organisation search answer with an outcome the
// page tells apart (a refused sync carries its whole import report, as a refused file does).
import { ApiError, currentCsrfToken, request } from './api.ts';
import type { ImportReport, ProblemError } from './imports.ts';

// Types only from the server: nothing of it reaches the bundle.
export type KitosConnectionView = import('../../../server/src/services/kitos-connections.ts').KitosConnectionView;
export type KitosConnectionInput = import('../../../server/src/services/kitos-connections.ts').KitosConnectionInput;

export type KitosOrganization = import('../../../server/src/services/kitos-sync.ts').KitosOrganization;
/** What a sync read and how (full or only changes, and why), beside the import report in its answer. */
export type KitosSyncSummary = import('../../../server/src/services/kitos-sync.ts').KitosSyncInfo;
/** The import report of a sync; a refused sync's report (422) may lack `sync`. */
export type KitosSyncReport = ImportReport & { sync?: KitosSyncSummary };

/** A problem+json answer, with the refused sync's report when there is one. */
export interface KitosProblem {
  status: number;
  title: string;
  detail: string;
  errors: ProblemError[];
  report?: KitosSyncReport;
}

export type KitosOutcome<T> = { ok: true; status: number; body: T } | { ok: false; problem: KitosProblem };

/** A JSON call that answers its problem instead of throwing; only a network failure rejects. */
async function send<T>(method: string, path: string, body: unknown): Promise<KitosOutcome<T>> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang, 'content-type': 'application/json' };
  const csrf = currentCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, { method, headers, body: JSON.stringify(body), credentials: 'same-origin' });
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return { ok: true, status: res.status, body: json as T };
  const problem: KitosProblem = {
    status: res.status,
    title: typeof json.title === 'string' ? json.title : res.statusText,
    detail: typeof json.detail === 'string' ? json.detail : '',
    errors: Array.isArray(json.errors) ? (json.errors as ProblemError[]) : [],
  };
  if (json.report && typeof json.report === 'object') problem.report = json.report as KitosSyncReport;
  return { ok: false, problem };
}

const base = (code: number) => `/api/v1/municipalities/${code}/kitos-connection`;

/** The connection, or null when the municipality has none (404 with a municipality that exists). */
export async function fetchKitosConnection(code: number): Promise<KitosConnectionView | null> {
  try {
    return await request<KitosConnectionView>('GET', base(code));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.errors.some((e) => e.code === 'kitos-not-configured')) return null;
    throw err;
  }
}

/** Sets up or changes the connection; a refused input throws ApiError with `errors[].field`. */
export const saveKitosConnection = (code: number, input: KitosConnectionInput) => request<KitosConnectionView>('PUT', base(code), input);
export const forgetKitosConnection = (code: number) => request<void>('DELETE', base(code));

/** The organisations the API user is a member of, asked of KITOS by the server with these credentials. */
export const findKitosOrganizations = (code: number, input: { baseUrl: string | null; email: string; password: string }) =>
  send<{ items: KitosOrganization[] }>('POST', `${base(code)}/organizations`, input);

/** A sync: 201 committed, 200 dry run or unchanged; problems 404, 409, 422 (with the report), 502, 503. */
export const runKitosSync = (code: number, options: { dryRun: boolean; full: boolean }) =>
  send<KitosSyncReport>('POST', `/api/v1/municipalities/${code}/kitos-sync`, options);

// Fetches from the API; pages call these, charts never fetch.
import type { ListResponse, MunicipalitySummary, SessionView } from '../../../server/src/api-types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, detail: string, readonly errors: import('../../../server/src/domain/field-error.ts').FieldError[] = []) {
    super(detail);
  }
}

/** The session's CSRF token, sent with every write made with the session cookie. */
let csrfToken: string | null = null;
export const currentCsrfToken = (): string | null => csrfToken;

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': document.documentElement.lang };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}) as { title?: string; detail?: string; errors?: ApiError['errors'] });
    throw new ApiError(res.status, problem.title ?? res.statusText, problem.detail ?? '', problem.errors ?? []);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

const remember = (s: SessionView): SessionView => {
  csrfToken = s.csrfToken;
  return s;
};

export const fetchSession = async () => remember(await request<SessionView>('GET', '/api/v1/auth/session'));
export const signIn = async (email: string, password: string) => remember(await request<SessionView>('POST', '/api/v1/auth/login', { email, password }));
export const signOut = () => request<void>('POST', '/api/v1/auth/logout');
export const fetchMunicipalities = () => request<ListResponse<MunicipalitySummary>>('GET', '/api/v1/municipalities');

// The dashboard's reads. Types only from the server: nothing of it reaches the bundle.
export type ScoreListRow = import('../../../server/src/services/lists/scores.ts').MunicipalityScoreListRow;
export type ContractListRow = import('../../../server/src/services/lists/contracts.ts').ContractListRow;
export type MunicipalityScoreView = import('../../../server/src/services/score-queries.ts').MunicipalityScoreView;
export type SystemRow = import('../../../server/src/services/score-queries.ts').SystemRow;
export type NationalScoreView = Awaited<ReturnType<typeof import('../../../server/src/services/score-queries.ts').nationalScore>>;

/** The headline scores of the municipalities that count nationally, or (`data`) of the real or the demo inventories. */
export const fetchScoreList = (data?: 'real' | 'demo') =>
  request<ListResponse<ScoreListRow>>('GET', `/api/v1/scores/municipalities?limit=1000${data ? `&data=${data}` : ''}`);
export const fetchCoverage = () => request<import('../../../server/src/services/coverage.ts').NationalCoverage>('GET', '/api/v1/national/coverage');
export const fetchNationalScore = () => request<NationalScoreView>('GET', '/api/v1/national/score');
export const fetchMunicipalityScore = (code: number) => request<MunicipalityScoreView>('GET', `/api/v1/municipalities/${code}/score`);
export const fetchSystems = (code: number) => request<ListResponse<SystemRow>>('GET', `/api/v1/municipalities/${code}/systems?limit=1000`);
/** Contracts still running on `from` (yyyy-mm-dd), every page of them. */
export const fetchContracts = (code: number, from: string) =>
  request<ListResponse<ContractListRow>>('GET', `/api/v1/contracts?municipality=${code}&endsAfter=${from}&limit=1000`);
export const fetchMunicipality = (code: number) => request<MunicipalitySummary>('GET', `/api/v1/municipalities/${code}`);

// A system's explanation and alternatives, and a vendor's ownership, footprint and products.
export type SystemScoreView = Awaited<ReturnType<typeof import('../../../server/src/services/score-queries.ts').usageScore>>;
export type UsageAlternativesView = Awaited<ReturnType<typeof import('../../../server/src/services/score-queries.ts').usageAlternatives>>;
export type VendorDetail = import('../../../server/src/services/catalogue.ts').VendorDetail;
export type VendorDependency = import('../../../server/src/services/score-queries.ts').VendorDependency;
export type ProductListRow = import('../../../server/src/services/lists/products.ts').ProductListRow;

export const fetchUsageScore = (usageId: number) => request<SystemScoreView>('GET', `/api/v1/usages/${usageId}/score`);
/** A system by its stable address: the current version's usage with the key. */
export const fetchSystemAt = (code: number, usageKey: string) => request<SystemScoreView>('GET', `/api/v1/municipalities/${code}/systems/${encodeURIComponent(usageKey)}`);
export const fetchUsageAlternatives = (usageId: number) => request<UsageAlternativesView>('GET', `/api/v1/usages/${usageId}/alternatives`);
export const fetchVendor = (vendorId: number) => request<VendorDetail>('GET', `/api/v1/vendors/${vendorId}`);
/** With `municipality`: also the paths behind the vendor's reach figures there (`explanation`). */
export const fetchVendorDependency = (vendorId: number, municipality?: number) =>
  request<VendorDependency>('GET', `/api/v1/vendors/${vendorId}/dependency${municipality === undefined ? '' : `?municipality=${municipality}`}`);
/** Catalogue products whose rights holder is the vendor (the list's `vendor` filter). */
export const fetchVendorProducts = (vendorId: number) => request<ListResponse<ProductListRow>>('GET', `/api/v1/products?vendor=${vendorId}&limit=1000&sort=name`);

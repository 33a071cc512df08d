// The open-source catalogue's API calls: the filtered list, one entry, its experience reports,
// contributions, and the moderation queue and decisions. Types come from the server's modules
// (type imports only: nothing of the server reaches the bundle).
import type { ListResponse } from '../../../server/src/api-types.ts';
import type { AlternativeProposal } from '../../../server/src/domain/alternative-proposal.ts';
import { type CatalogueState, alternativesApiQuery } from '../pages/catalogue-state.ts';
import type { FieldError } from '../../../server/src/domain/field-error.ts';
import { ApiError, request } from './api.ts';

export type AlternativeRow = import('../../../server/src/services/lists/alternatives.ts').AlternativeListRow;
export type AlternativeDetail = import('../../../server/src/services/catalogue-contributions.ts').AlternativeDetail;
export type ExperienceReport = import('../../../server/src/services/catalogue-contributions.ts').ExperienceReport;
export type NewExperienceReport = import('../../../server/src/services/catalogue-contributions.ts').NewExperienceReport;
export type ModerationQueue = import('../../../server/src/services/catalogue-contributions.ts').ModerationQueue;
export type Decision = import('../../../server/src/services/catalogue-contributions.ts').Decision;
export type ProductRow = import('../../../server/src/services/lists/products.ts').ProductListRow;
export type { UnreviewedVendor, VendorReview } from '../../../server/src/api-types.ts';
import type { VendorReview } from '../../../server/src/api-types.ts';

/** The entries matching the page's filters (the catalogue is small: one request, every row). */
export const fetchAlternatives = (state: CatalogueState) => request<ListResponse<AlternativeRow>>('GET', alternativesApiQuery(state));
/** Every visible entry, for the filters' choices (categories and licences that occur). */
export const fetchAllAlternatives = () => request<ListResponse<AlternativeRow>>('GET', '/api/v1/alternatives?limit=1000&sort=name');
export const fetchAlternative = (id: number) => request<AlternativeDetail>('GET', `/api/v1/alternatives/${id}`);
export const fetchExperienceReports = (id: number) => request<ListResponse<ExperienceReport>>('GET', `/api/v1/alternatives/${id}/experience-reports?limit=200`);
export const postExperienceReport = (id: number, report: NewExperienceReport) => request<ExperienceReport>('POST', `/api/v1/alternatives/${id}/experience-reports`, report);
export const proposeAlternative = (proposal: AlternativeProposal) => request<AlternativeDetail>('POST', '/api/v1/alternatives', proposal);
/** The proprietary products a contribution can say it replaces. */
export const fetchProducts = () => request<ListResponse<ProductRow>>('GET', '/api/v1/products?limit=1000&sort=name');

export const fetchModerationQueue = () => request<ModerationQueue>('GET', '/api/v1/moderation/queue?limit=200');
/** Adopts a vendor an import created into the shared catalogue, or merges it into another vendor. */
export const reviewVendor = (id: number, review: VendorReview) => request<unknown>('POST', `/api/v1/vendors/${id}/review`, review);
export const moderateAlternative = (id: number, decision: Decision, note: string | null) => request<AlternativeDetail>('POST', `/api/v1/alternatives/${id}/moderation`, { decision, note });
export type LocalProduct = ModerationQueue['localProducts']['items'][number];
/** Adopt a municipality's own product into the shared catalogue, or merge it into a catalogue product. */
export const adoptProduct = (id: number) => request<{ id: number; name: string }>('POST', `/api/v1/products/${id}/adoption`);
export const mergeProduct = (id: number, into: number) => request<{ id: number; name: string; usagesMoved: number }>('POST', `/api/v1/products/${id}/merge`, { into });
export const moderateExperienceReport = (id: number, decision: Decision, note: string | null) =>
  request<ExperienceReport>('POST', `/api/v1/experience-reports/${id}/moderation`, { decision, note });

/** The entry's publiccode.yml; the page adds the localisation the catalogue does not keep. */
export const publiccodeUrl = (id: number) => `/api/v1/alternatives/${id}/publiccode.yml`;

/** Whether the server can write the file (200), or which keys it lacks (422: the problem's field errors). */
export async function checkPubliccode(url: string): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  const res = await fetch(url, { headers: { accept: 'application/yaml', 'accept-language': document.documentElement.lang }, credentials: 'same-origin' });
  if (res.ok) return { ok: true };
  const problem = (await res.json().catch(() => ({}))) as { title?: string; detail?: string; errors?: FieldError[] };
  if (res.status === 422 && problem.errors?.length) return { ok: false, errors: problem.errors };
  throw new ApiError(res.status, problem.title ?? res.statusText, problem.detail ?? '', problem.errors ?? []);
}

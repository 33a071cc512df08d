// Fetches from the API; pages call these, charts never fetch.
import type { ListResponse, MunicipalitySummary } from '../../../server/src/api-types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, detail: string) {
    super(detail);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json', 'accept-language': document.documentElement.lang } });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}) as { title?: string; detail?: string });
    throw new ApiError(res.status, problem.title ?? res.statusText, problem.detail ?? '');
  }
  return (await res.json()) as T;
}

export const fetchMunicipalities = () => getJson<ListResponse<MunicipalitySummary>>('/api/v1/municipalities');

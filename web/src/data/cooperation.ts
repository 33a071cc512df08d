// The solution-path reads and writes of the cooperation page: products worth matching on, and
// the clusters of municipalities whose exit windows overlap. Types only from the server.
import { request } from './api.ts';

export type CooperationAnswer = import('../../../server/src/services/cooperation.ts').CooperationAnswer;
export type CooperationProduct = import('../../../server/src/services/cooperation.ts').CooperationProduct;

export const fetchCooperationProducts = () => request<CooperationProduct[]>('GET', '/api/v1/cooperation/products');

export function fetchCooperation(q: { product: number; windowMonths: number; municipality?: number | null }): Promise<CooperationAnswer> {
  const params = new URLSearchParams({ product: String(q.product), windowMonths: String(q.windowMonths) });
  if (q.municipality) params.set('municipality', String(q.municipality));
  return request<CooperationAnswer>('GET', `/api/v1/cooperation?${params}`);
}

// The dashboard's own reads besides those in api.ts: the inventory as a dependency graph, and the
// list exports (CSV/XLSX) behind its tables. Types only from the server.
import { request } from './api.ts';

export type MunicipalityGraph = import('../../../server/src/services/municipality-graph.ts').MunicipalityGraph;

export const fetchGraph = (code: number) => request<MunicipalityGraph>('GET', `/api/v1/municipalities/${code}/graph`);

/** The list exports (format=csv|xlsx is added by figure.ts) of the municipality's systems and running contracts. */
export const systemsExportPath = (code: number) => `/api/v1/usages?municipality=${code}&sort=priority&order=desc`;
/** Every scored municipality of a region (the peer comparison's source list). */
export const regionScoresExportPath = (region: string) => `/api/v1/scores/municipalities?region=${encodeURIComponent(region)}`;
export const contractsExportPath = (code: number, from: string) => `/api/v1/contracts?municipality=${code}&endsAfter=${from}`;

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

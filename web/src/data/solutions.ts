// The solution paths' reads and writes (issue #7): exit paths, scenario compare, saved scenarios.
// Types come from the server modules (type-only: nothing reaches the bundle).
import type { ListResponse } from '../../../server/src/api-types.ts';
import { request } from './api.ts';

export type ExitPathsView = Awaited<ReturnType<typeof import('../../../server/src/services/solutions.ts').municipalityExitPaths>>;
export type ExitPath = ExitPathsView['paths'][number];
export type ScenarioComparison = import('../../../server/src/services/solutions.ts').ScenarioComparison;
export type Scenario = import('../../../server/src/repositories/scenarios.repository.ts').ScenarioRecord;
export type ScenarioSpec = import('../../../server/src/solutions/scenario-spec.ts').ScenarioSpec;
export type NewScenario = import('../../../server/src/solutions/scenario-spec.ts').NewScenario;
export type ReplacementSpec = import('../../../server/src/solutions/scenario-spec.ts').ReplacementSpec;
export type ScenarioOptions = import('../../../server/src/services/scenarios.ts').ScenarioOptions;
export type ScenarioOutcome = import('../../../server/src/solutions/scenario.ts').ScenarioOutcome;
export type ScenarioIndicators = import('../../../server/src/solutions/scenario.ts').ScenarioIndicators;

const base = (code: number) => `/api/v1/municipalities/${code}`;

export const fetchExitPaths = (code: number) => request<ExitPathsView>('GET', `${base(code)}/exit-paths`);
/** What the builder can replace (every product and usage) and with what (the whole catalogue). */
export const fetchScenarioOptions = (code: number) => request<ScenarioOptions>('GET', `${base(code)}/scenarios/options`);
export const compareScenario = (code: number, spec: ScenarioSpec) => request<ScenarioComparison>('POST', `${base(code)}/scenarios/compare`, spec);
export const fetchScenarios = (code: number) => request<ListResponse<Scenario>>('GET', `${base(code)}/scenarios`);
export const fetchScenario = (code: number, id: number) => request<ScenarioComparison & { scenario: Scenario }>('GET', `${base(code)}/scenarios/${id}`);
export const saveScenario = (code: number, s: NewScenario) => request<Scenario>('POST', `${base(code)}/scenarios`, s);
export const updateScenario = (code: number, id: number, change: { name?: string; shared?: boolean }) => request<Scenario>('PATCH', `${base(code)}/scenarios/${id}`, change);
export const deleteScenario = (code: number, id: number) => request<void>('DELETE', `${base(code)}/scenarios/${id}`);
/** The download links of a saved scenario (CSV, XLSX, JSON). */
export const scenarioExportUrl = (code: number, id: number, format: 'csv' | 'xlsx' | 'json', lang: 'da' | 'en') => `${base(code)}/scenarios/${id}/export?format=${format}&lang=${lang}`;

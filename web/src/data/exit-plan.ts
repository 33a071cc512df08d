// A system's exit plan: read it (a prefilled draft when none is saved) and save it.
import { request } from './api.ts';

export type ExitPlanView = import('../../../server/src/services/exit-plans.ts').ExitPlanView;
export type ExitPlanSaved = ExitPlanView & { before: import('../../../server/src/services/exit-plans.ts').ExitPlanScoreSummary | null };
export type ExitPlanInput = import('../../../server/src/solutions/exit-plan.ts').ExitPlanInput;

export const fetchExitPlan = (usageId: number) => request<ExitPlanView>('GET', `/api/v1/usages/${usageId}/exit-plan`);
export const saveExitPlan = (usageId: number, plan: ExitPlanInput) => request<ExitPlanSaved>('PUT', `/api/v1/usages/${usageId}/exit-plan`, plan);

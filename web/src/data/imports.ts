// The import page's calls: the profiles (what a column may map to), uploading a file (dry run or
// commit) with upload progress, the import runs, the difference between two runs' versions and a
// rollback. Uploads use XMLHttpRequest because fetch reports no upload progress.
import type { ListResponse } from '../../../server/src/api-types.ts';
import { ApiError, currentCsrfToken, request } from './api.ts';

// Types only from the server: nothing of it reaches the bundle.
export type ImportReport = import('../../../server/src/services/import-file.ts').ImportReport;
export type ReportIssue = import('../../../server/src/services/import-file.ts').ReportIssue;
export type ColumnMapping = import('../../../importers/index.ts').ColumnMapping;
export type ImportRunView = import('../../../server/src/repositories/import-runs.repository.ts').ImportRunView;
export type VersionDiff = import('../../../server/src/services/inventory-versions.ts').VersionDiff;
export type ProfileView = ReturnType<typeof import('../../../server/src/http/routes/imports.ts').profileView>;
export type RollbackResult = { inventoryVersionId: number; inventoryVersionNumber: number | null; importRunId: number; previousVersionId: number | null; previousVersionNumber: number | null };

/** One error of a refused upload as problem+json lists it (a report's issues, or a form field's). */
export interface ProblemError {
  file?: string;
  line?: number;
  column?: string;
  value?: string;
  field?: string;
  message: string | { da: string; en: string };
}

export interface UploadProblem {
  status: number;
  title: string;
  detail: string;
  errors: ProblemError[];
  /** The whole report of a refused file (422), with its meta and warnings. */
  report?: ImportReport;
}

export interface UploadRequest {
  file: File;
  profile?: string;
  format?: string;
  sheet?: string;
  /** `Column=field` arguments (see import-model.ts mappingArgs). */
  map: readonly string[];
  dryRun: boolean;
}

export interface UploadCallbacks {
  /** Bytes sent so far and the total (when the browser knows it). */
  onProgress?: (loaded: number, total: number | null) => void;
  /** The file has been sent; the server is reading it now. */
  onUploaded?: () => void;
}

export type UploadOutcome = { ok: true; status: number; report: ImportReport } | { ok: false; problem: UploadProblem };

/** The multipart form the imports route reads. */
export function uploadForm(req: UploadRequest): FormData {
  const form = new FormData();
  form.set('file', req.file, req.file.name);
  if (req.profile) form.set('profile', req.profile);
  if (req.format) form.set('format', req.format);
  if (req.sheet) form.set('sheet', req.sheet);
  for (const m of req.map) form.append('map', m);
  if (req.dryRun) form.set('dryRun', 'true');
  return form;
}

/**
 * Uploads a file to the municipality's imports. Resolves with the report (200/201) or with the
 * refusal (400/422 problem+json: every error with file, line and column); rejects with ApiError
 * for other failures (not signed in, no role, server error) and with an Error when the network fails.
 */
export function uploadImport(code: number, req: UploadRequest, on: UploadCallbacks = {}): Promise<UploadOutcome> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/municipalities/${code}/imports`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('accept-language', document.documentElement.lang);
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.withCredentials = true;
    xhr.upload.addEventListener('progress', (e) => on.onProgress?.(e.loaded, e.lengthComputable ? e.total : null));
    xhr.upload.addEventListener('load', () => on.onUploaded?.());
    xhr.addEventListener('error', () => reject(new Error('network')));
    xhr.addEventListener('abort', () => reject(new Error('aborted')));
    xhr.addEventListener('load', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // A proxy's HTML error page: reported by status below.
      }
      if (xhr.status === 200 || xhr.status === 201) return resolve({ ok: true, status: xhr.status, report: body as unknown as ImportReport });
      const title = typeof body.title === 'string' ? body.title : xhr.statusText;
      const detail = typeof body.detail === 'string' ? body.detail : '';
      if (xhr.status === 422 || xhr.status === 400) {
        const problem: UploadProblem = { status: xhr.status, title, detail, errors: Array.isArray(body.errors) ? (body.errors as ProblemError[]) : [] };
        if (body.report) problem.report = body.report as ImportReport;
        return resolve({ ok: false, problem });
      }
      reject(new ApiError(xhr.status, title, detail));
    });
    xhr.send(uploadForm(req));
  });
}

export const fetchProfiles = () => request<{ items: ProfileView[] }>('GET', '/api/v1/import-templates');
export const fetchImportRuns = (code: number) => request<ListResponse<ImportRunView>>('GET', `/api/v1/municipalities/${code}/imports?limit=100`);
export const fetchVersionDiff = (code: number, earlierRun: number, laterRun: number) =>
  request<VersionDiff>('GET', `/api/v1/municipalities/${code}/imports/${earlierRun}/diff/${laterRun}`);
export const rollbackToRun = (code: number, runId: number) => request<RollbackResult>('POST', `/api/v1/municipalities/${code}/imports/${runId}/rollback`);

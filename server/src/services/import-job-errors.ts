// Errors across the worker boundary: a worker thread cannot post an Error subclass (structured
// clone keeps only plain Error), so a typed error travels as data and is rebuilt as the same
// class on the other side; the route then answers the same problem+json as an in-process import.
import {
  AppError,
  ConflictError,
  FileRefusedError,
  ImportFailedError,
  ImportRefusedError,
  InputError,
  LimitExceededError,
  type LocalizedText,
  type FieldError,
  NotFoundError,
  PayloadTooLargeError,
} from '../errors.ts';
import { asFieldErrors, type ImportReport } from './import-file.ts';

/** A typed error as data: also what an import job stores as its problem. */
export interface WireProblem {
  name: string;
  type: string;
  status: number;
  title: LocalizedText;
  detail: string;
  errors: FieldError[];
  extensions: Record<string, unknown>;
  /** The original error's message and stack (for the log; never in an answer). */
  cause?: string;
}

export function toWire(err: unknown): WireProblem {
  if (err instanceof AppError) {
    const cause = err.cause instanceof Error ? (err.cause.stack ?? err.cause.message) : undefined;
    return { name: err.name, type: err.type, status: err.status, title: err.title, detail: err.message, errors: err.errors, extensions: err.extensions(), ...(cause ? { cause } : {}) };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    name: 'Error',
    type: 'internal',
    status: 500,
    title: { da: 'Intern fejl', en: 'Internal error' },
    detail: 'An unexpected error occurred; it has been logged.',
    errors: [],
    extensions: {},
    cause: e.stack ?? e.message,
  };
}

const simple: Record<string, new (detail: string, errors: FieldError[]) => AppError> = {
  NotFoundError,
  InputError,
  LimitExceededError,
  ConflictError,
  PayloadTooLargeError,
  FileRefusedError,
};

/**
 * A typed error from another thread whose class is not rebuilt by name (a KITOS error, a missing
 * secrets key …): the same problem document — status, type, title, errors and members — again.
 */
export class ProblemFromWorker extends AppError {
  readonly type: string;
  readonly status: number;
  readonly title: LocalizedText;
  readonly #extensions: Record<string, unknown>;
  constructor(w: WireProblem) {
    super(w.detail, w.errors);
    this.name = w.name;
    this.type = w.type;
    this.status = w.status;
    this.title = w.title;
    this.#extensions = w.extensions;
  }

  override extensions(): Record<string, unknown> {
    return this.#extensions;
  }
}

/** The typed error again: the same class when it is one an import throws, else the same problem, else an Error the app answers as 500. */
export function fromWire(w: WireProblem): Error {
  const cause = w.cause ? Object.assign(new Error('in the import worker'), { stack: w.cause }) : undefined;
  if (w.name === 'ImportFailedError') {
    return new ImportFailedError(w.status === 503 ? 503 : 500, w.errors[0]?.message ?? w.title, (w.extensions.importRunId as number | null) ?? null, cause ? { cause } : undefined);
  }
  if (w.name === 'ImportRefusedError') return new ImportRefusedError(w.detail, w.errors, w.extensions.report);
  const Class = simple[w.name];
  if (Class) return new Class(w.detail, w.errors);
  if (w.type !== 'internal') return new ProblemFromWorker(w);
  return cause ?? new Error(w.detail);
}

/** A refused report as the error the API answers (422 with every error and the whole report). */
export function refusal(report: ImportReport): ImportRefusedError {
  return new ImportRefusedError(`${report.errors.length + report.omittedIssues} error(s); nothing was written`, asFieldErrors(report.errors), report);
}

/** How a finished import is recorded on its job. */
export function outcomeOfJob(result: { report: ImportReport } | { problem: WireProblem }) {
  if ('report' in result) {
    const { report } = result;
    if (report.status !== 'refused') return { status: 'done' as const, rowsRead: report.rows.read, importRunId: report.importRunId, report, problem: null };
    const { report: _, ...extensions } = toWire(refusal(report)).extensions;
    return { status: 'failed' as const, rowsRead: report.rows.read, importRunId: report.importRunId, report, problem: { ...toWire(refusal(report)), extensions } };
  }
  const { cause: _, ...problem } = result.problem;
  return { status: 'failed' as const, rowsRead: null, importRunId: (problem.extensions.importRunId as number | null | undefined) ?? null, report: null, problem };
}


// The rows of an import file, read either in this thread or in a worker thread. A large file is
// parsed and validated (importers/, pure) in a worker while this thread, which holds the database
// transaction, writes the rows already read: the two overlap, and the HTTP thread's event loop is
// not held by the parser. The worker runs exactly openInventoryFile; the caller's loop over the
// rows is the same for both (see importOnce), so reports and stored rows are the same either way.
//
// Protocol (messages, see ToWorker/FromWorker): the worker pulls the file's bytes chunk by chunk
// (this thread reads the source only when asked, so its hash covers what the parser read, as in
// this thread), answers `opened` (meta, header issues) or `error`, then posts the mapped rows in
// the importer's batches and `finish`. At most MAX_IN_FLIGHT batches wait here not yet taken
// (a counter in shared memory, not a message per batch): the parser waits for the writer, so
// memory stays bounded whatever the file's size.
import {
  type ByteSource,
  ImportFileError,
  type ImportFinish,
  type ImportIssue,
  type ImportMeta,
  type ImportRow,
  openInventoryFile,
  type OpenInventoryOptions,
} from '../../../importers/index.ts';
import { startWorker } from '../workers/pool.ts';

export interface RowStream {
  meta: ImportMeta;
  headerIssues: ImportIssue[];
  /** Mapped rows in file order, in batches. Read once. */
  batches(): AsyncGenerator<ImportRow[]>;
  /** After the rows: what needs the whole file. */
  finish(): ImportFinish;
  /** Stops the reading (a worker is terminated); safe to call more than once. */
  close(): Promise<void>;
}

/** Batches posted by the worker and not yet taken by the writer, at most. */
export const MAX_IN_FLIGHT = 4;

export type RowsIn = 'worker' | 'this-thread';

/**
 * Where to read a file: in this thread unless a worker is asked for. Measured (bench:import, 100k
 * rows, a loaded 2-core machine): passing the mapped rows between threads (structured clone)
 * costs this thread about what parsing them does, so the worker gained no speed and added ~100 MB
 * of RSS; it stays an option (a meter counts the parsers' work here, so it keeps them here).
 */
export function rowsIn(options: Pick<OpenInventoryOptions, 'meter'>, asked?: RowsIn): RowsIn {
  return options.meter ? 'this-thread' : (asked ?? 'this-thread');
}

/** Opens the file's rows (throws ImportFileError when the file cannot be imported at all, as openInventoryFile). */
export async function openRows(options: OpenInventoryOptions, where: RowsIn): Promise<RowStream> {
  if (where === 'this-thread' || options.meter) {
    const stream = await openInventoryFile(options);
    return { meta: stream.meta, headerIssues: stream.headerIssues, batches: () => stream.batches(), finish: () => stream.finish(), close: async () => {} };
  }
  return openInWorker(options);
}

/** What the worker is started with: the options but the source (pulled) and the meter (not cloneable). */
export interface WorkerStart {
  options: Omit<OpenInventoryOptions, 'source' | 'meter'>;
  /** The whole file, when it is in memory already. */
  bytes: Uint8Array | null;
  /** [0]: batches posted and not yet taken. */
  inFlight: Int32Array;
}

export type ToWorker = { t: 'chunk'; bytes: Uint8Array } | { t: 'end' } | { t: 'source-error' };

export type WireError = { kind: 'import-file'; issues: ImportIssue[]; meta: unknown } | { kind: 'error'; name: string; message: string; stack?: string; code?: unknown };

export type FromWorker =
  | { t: 'pull' }
  | { t: 'opened'; meta: ImportMeta; headerIssues: ImportIssue[] }
  | { t: 'batch'; rows: ImportRow[] }
  | { t: 'finish'; finish: ImportFinish }
  | { t: 'error'; error: WireError };

export function toWire(err: unknown): WireError {
  if (err instanceof ImportFileError) return { kind: 'import-file', issues: err.issues, meta: err.meta };
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'error', name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}), ...('code' in e ? { code: e.code } : {}) };
}

/** The worker's error as the same kind of error this thread would have met. */
export function fromWire(w: WireError): Error {
  if (w.kind === 'import-file') return new ImportFileError(w.issues, { meta: w.meta });
  const e = new Error(w.message);
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  if (w.code !== undefined) Object.assign(e, { code: w.code });
  return e;
}

async function openInWorker(options: OpenInventoryOptions): Promise<RowStream> {
  const { source, meter: _meter, ...rest } = options;
  const bytes = source instanceof Uint8Array ? source : null;
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const start: WorkerStart = { options: rest, bytes, inFlight };
  const worker = startWorker(new URL('./import-rows-worker.ts', import.meta.url), start);
  const chunks = bytes ? null : (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();

  // An error of the source itself (an upload cut short) is thrown as it is, not as the worker saw it.
  let sourceError: { error: unknown } | null = null;
  let failure: { error: unknown } | null = null;
  let finished: ImportFinish | null = null;
  let closed = false;
  const queue: ImportRow[][] = [];
  let wake: (() => void) | null = null;
  let opened!: (m: { meta: ImportMeta; headerIssues: ImportIssue[] }) => void;
  let refused!: (err: unknown) => void;
  const open = new Promise<{ meta: ImportMeta; headerIssues: ImportIssue[] }>((resolve, reject) => {
    opened = resolve;
    refused = reject;
  });
  const fail = (error: unknown) => {
    if (failure) return;
    failure = { error: sourceError ? sourceError.error : error };
    refused(failure.error);
    wake?.();
  };
  const send = (m: ToWorker, transfer?: ArrayBuffer[]) => {
    if (!closed) worker.postMessage(m, transfer);
  };

  worker.on('message', (m: FromWorker) => {
    switch (m.t) {
      case 'pull':
        chunks!.next().then(
          (r) => {
            if (r.done) return send({ t: 'end' });
            // A copy of exactly the chunk's bytes (a Buffer may be a view into a larger pool), handed over.
            const copy = new Uint8Array(r.value);
            send({ t: 'chunk', bytes: copy }, [copy.buffer]);
          },
          (error: unknown) => {
            sourceError = { error };
            send({ t: 'source-error' });
          },
        );
        break;
      case 'opened':
        opened(m);
        break;
      case 'batch':
        queue.push(m.rows);
        wake?.();
        break;
      case 'finish':
        finished = m.finish;
        wake?.();
        break;
      case 'error':
        fail(fromWire(m.error));
        break;
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => {
    // Messages posted before the end are delivered first; a worker that ends without `finish` broke.
    setImmediate(() => {
      if (!finished && !closed) fail(new Error(`The import's reader stopped (exit code ${code})`));
    });
  });

  const close = async () => {
    if (closed) return;
    closed = true;
    await worker.terminate();
  };
  let head: { meta: ImportMeta; headerIssues: ImportIssue[] };
  try {
    head = await open;
  } catch (err) {
    await close();
    throw err;
  }

  async function* batches(): AsyncGenerator<ImportRow[]> {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        // Taken: the worker may read the next one while this one is written.
        Atomics.sub(inFlight, 0, 1);
        Atomics.notify(inFlight, 0);
        yield batch;
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  }
  return {
    meta: head.meta,
    headerIssues: head.headerIssues,
    batches,
    finish: () => {
      if (!finished) throw new Error('finish() before the rows were read');
      return finished;
    },
    close,
  };
}

/** Atomics.waitAsync (Node ≥ 16; in TypeScript's lib from ES2024 on). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, index: number, value: number): { value: Promise<string> | string } }).waitAsync;

/** The worker's side (import-rows-worker.ts): reads the file and posts what openRows returns. */
export async function serveRows(start: WorkerStart, port: { postMessage(m: FromWorker): void; on(event: 'message', listener: (m: ToWorker) => void): void }): Promise<void> {
  let nextChunk: ((m: ToWorker) => void) | null = null;
  port.on('message', (m) => {
    const take = nextChunk;
    nextChunk = null;
    take?.(m);
  });
  async function* pulled(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const m = await new Promise<ToWorker>((resolve) => {
        nextChunk = resolve;
        port.postMessage({ t: 'pull' });
      });
      if (m.t === 'chunk') yield m.bytes;
      else if (m.t === 'end') return;
      else throw new Error('The file could not be read to the end');
    }
  }
  const source: ByteSource = start.bytes ?? pulled();
  try {
    const stream = await openInventoryFile({ ...start.options, source });
    port.postMessage({ t: 'opened', meta: stream.meta, headerIssues: stream.headerIssues });
    const { inFlight } = start;
    for await (const rows of stream.batches()) {
      for (let n = Atomics.load(inFlight, 0); n >= MAX_IN_FLIGHT; n = Atomics.load(inFlight, 0)) await waitAsync(inFlight, 0, n).value;
      Atomics.add(inFlight, 0, 1);
      port.postMessage({ t: 'batch', rows });
    }
    port.postMessage({ t: 'finish', finish: stream.finish() });
  } catch (err) {
    port.postMessage({ t: 'error', error: toWire(err) });
  }
}

// Turns an import's byte source (whole buffer or stream) into chunks of a steady size, counting
// bytes so that an oversize file is stopped as soon as it passes the limit.
import { msg } from './messages.ts';
import type { ByteSource, ImportFileError, ImportIssue } from './types.ts';

/**
 * 16 KiB: decoded, a chunk stays a regular V8 string (a 64 KiB chunk of Danish text decodes to a
 * two-byte string near V8's large-object limit, and large objects cost fresh pages each time).
 */
export const CHUNK_BYTES = 16 * 1024;

export class SizeLimitExceeded extends Error {
  constructor(readonly limit: number, readonly seen: number) {
    super(`The file exceeds ${limit} bytes`);
    this.name = 'SizeLimitExceeded';
  }
}

/**
 * Yields the source in chunks of about CHUNK_BYTES: big chunks are cut, tiny ones (a slow
 * network, a test feeding single bytes) are gathered so that parsing is not done per byte.
 * Throws SizeLimitExceeded once more than `maxBytes` have arrived.
 */
export async function* chunked(source: ByteSource, maxBytes: number): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    if (source.byteLength > maxBytes) throw new SizeLimitExceeded(maxBytes, source.byteLength);
    for (let o = 0; o < source.byteLength; o += CHUNK_BYTES) yield source.subarray(o, o + CHUNK_BYTES);
    return;
  }
  let seen = 0;
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  const flush = () => {
    const out = new Uint8Array(gatheredBytes);
    let o = 0;
    for (const g of gathered) {
      out.set(g, o);
      o += g.byteLength;
    }
    gathered = [];
    gatheredBytes = 0;
    return out;
  };
  for await (const raw of source) {
    const chunk: Uint8Array = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    seen += chunk.byteLength;
    if (seen > maxBytes) throw new SizeLimitExceeded(maxBytes, seen);
    if (chunk.byteLength >= CHUNK_BYTES / 4 && gatheredBytes === 0) {
      for (let o = 0; o < chunk.byteLength; o += CHUNK_BYTES) yield chunk.subarray(o, o + CHUNK_BYTES);
      continue;
    }
    gathered.push(chunk.slice()); // the source may reuse its buffer once we ask for more
    gatheredBytes += chunk.byteLength;
    if (gatheredBytes >= CHUNK_BYTES) yield flush();
  }
  if (gatheredBytes) yield flush();
}

/** Reads a whole (small) file into memory, refusing it past `maxBytes`: xlsx and HTML need all bytes at once. */
export async function readAll(source: ByteSource, maxBytes: number): Promise<Uint8Array> {
  if (source instanceof Uint8Array) {
    if (source.byteLength > maxBytes) throw new SizeLimitExceeded(maxBytes, source.byteLength);
    return source;
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunked(source, maxBytes)) {
    parts.push(chunk);
    total += chunk.byteLength;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/**
 * Reads a whole-file format (xlsx, HTML) within the size limit, or refuses it as a file-level
 * issue: too large, or empty. `fail` turns an issue into the reader's typed error.
 */
export async function readWholeFile(
  source: ByteSource,
  maxBytes: number,
  fail: (issue: Omit<ImportIssue, 'file'>) => ImportFileError,
): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readAll(source, maxBytes);
  } catch (e) {
    if (e instanceof SizeLimitExceeded) throw fail({ severity: 'error', code: 'file-too-large', message: msg.fileTooLarge(e.limit, e.seen) });
    throw e;
  }
  if (bytes.byteLength === 0) throw fail({ severity: 'error', code: 'empty-file', message: msg.emptyFile() });
  return bytes;
}

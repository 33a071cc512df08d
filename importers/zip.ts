// The zip container of an .xlsx, read with bounds: the central directory gives each part's
// declared sizes, and a part is inflated as a stream (node:zlib) that counts its bytes against
// both its declared size and a budget for the whole file. A zip bomb is refused at the budget,
// whatever its headers say, and memory holds one 64 KiB chunk of a part at a time.
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { Meter } from './limits.ts';
import type { XlsxProblem } from './messages.ts';

/** A zip that cannot be read as an .xlsx: `problem` picks our own words for it (messages.ts). */
export class ZipError extends Error {
  constructor(
    readonly problem: XlsxProblem,
    options?: ErrorOptions,
  ) {
    super(`unreadable zip: ${problem}`, options);
    this.name = 'ZipError';
  }
}

/** The decompressed parts would pass the budget (declared, or counted while inflating). */
export class InflateLimitExceeded extends Error {
  constructor(
    readonly limit: number,
    readonly part: string,
  ) {
    super(`inflated size of the parts read exceeds ${limit} bytes (at ${part})`);
    this.name = 'InflateLimitExceeded';
  }
}

/** Too many entries in the central directory. */
export class TooManyEntries extends Error {
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`${count} zip entries; the limit is ${limit}`);
    this.name = 'TooManyEntries';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As declared by the central directory: the inflated bytes may not pass it. */
  size: number;
  /** Offset of the entry's local header (its data follows that header's own name and extra field). */
  localOffset: number;
  flags: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Reads the central directory. Refuses more than `maxEntries` entries before reading them, zip64,
 * encryption, and compressions other than stored and deflate (all Excel writes).
 */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength;
  // The end-of-central-directory record is the last 22 bytes, or precedes a comment of up to 64 KiB.
  let eocd = -1;
  for (let p = n - 22; p >= 0 && p >= n - 22 - 0xffff; p--) {
    if (view.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not-zip');
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ZipError('zip64');
  if (count > maxEntries) throw new TooManyEntries(count, maxEntries);
  if (cdOffset + cdSize > eocd) throw new ZipError('not-zip');

  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL) throw new ZipError('not-zip');
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw new ZipError('not-zip');
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + p + 46, nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLength + extraLength + commentLength;
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) throw new ZipError('zip64');
    if (name.endsWith('/')) continue; // a folder
    if (entries.has(name)) continue; // the first of two same-named entries is the one read
    entries.set(name, { name, method, compressedSize, size, localOffset, flags });
  }
  return entries;
}

/** Where an entry's data begins (its local header has its own name and extra lengths); checked lazily, per entry read. */
function locate(bytes: Uint8Array, entry: ZipEntry): { start: number; end: number } {
  if (entry.flags & 0x1) throw new ZipError('encrypted');
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError('compression');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.byteLength || view.getUint32(local, true) !== LOCAL) throw new ZipError('corrupt-entry');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.byteLength) throw new ZipError('corrupt-entry');
  return { start, end };
}

/** How many inflated bytes the parts read so far took, against one limit for the whole file. */
export class InflateBudget {
  used = 0;
  constructor(readonly limit: number) {}
  /** The declared sizes of the parts about to be read must fit what is left, before any is inflated. */
  reserve(entries: readonly (ZipEntry | undefined)[]): void {
    let declared = this.used;
    for (const e of entries) {
      if (!e) continue;
      declared += e.size;
      if (declared > this.limit) throw new InflateLimitExceeded(this.limit, e.name);
    }
  }
}

const PIECE = 64 * 1024;

/**
 * Inflates one entry as a stream of chunks (backpressure holds the inflater while the consumer
 * works). Stops with InflateLimitExceeded when the file's budget is passed, and with ZipError
 * when an entry inflates past its declared size or is corrupt. zlib's own messages stay in `cause`.
 */
export async function* inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget, meter?: Meter): AsyncGenerator<Uint8Array> {
  const { start, end } = locate(bytes, entry);
  // What the entry declares must fit what is left, before a byte of it is inflated.
  if (budget.used + entry.size > budget.limit) throw new InflateLimitExceeded(budget.limit, entry.name);
  let seen = 0;
  const count = (n: number) => {
    seen += n;
    budget.used += n;
    meter?.add(n);
    if (budget.used > budget.limit) throw new InflateLimitExceeded(budget.limit, entry.name);
    if (seen > entry.size) throw new ZipError('size-mismatch');
  };
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipError('size-mismatch');
    for (let o = start; o < end; o += PIECE) {
      const piece = bytes.subarray(o, Math.min(o + PIECE, end));
      count(piece.byteLength);
      yield piece;
    }
    return;
  }
  const inflater = createInflateRaw({ chunkSize: PIECE });
  const input = Readable.from(
    (function* () {
      for (let o = start; o < end; o += PIECE) yield bytes.subarray(o, Math.min(o + PIECE, end));
    })(),
    { objectMode: false },
  );
  input.on('error', (e) => inflater.destroy(e));
  input.pipe(inflater);
  try {
    for await (const out of inflater as AsyncIterable<Buffer>) {
      count(out.byteLength);
      yield out;
    }
  } catch (e) {
    if (e instanceof InflateLimitExceeded || e instanceof ZipError) throw e;
    throw new ZipError('corrupt-entry', { cause: e });
  } finally {
    input.unpipe(inflater);
    input.destroy();
    inflater.destroy();
  }
  if (seen !== entry.size) throw new ZipError('size-mismatch');
}

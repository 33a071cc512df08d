// Text encodings of uploaded files: sniff UTF-8 (with or without BOM), UTF-16 and Windows-1252,
// and decode a byte stream chunk by chunk without ever cutting a character in two.
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { EncodingId } from './types.ts';

/**
 * Guesses the encoding from the first bytes of a file.
 * - A BOM decides: EF BB BF → UTF-8, FF FE → UTF-16LE, FE FF → UTF-16BE.
 * - UTF-16 without a BOM (KITOS's own server-built CSVs are UTF-16LE without one) shows as
 *   zero bytes at every other position; plain text never has those.
 * - Else strict UTF-8 validation of the sample. Unless `complete`, a multi-byte character cut
 *   at the sample's end is not held against it.
 * - Else Windows-1252, the ANSI code page a Danish Excel "CSV" save uses.
 */
export function detectEncoding(sample: Uint8Array, options: { complete?: boolean } = {}): EncodingId {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const utf16 = sniffUtf16(sample);
  if (utf16) return utf16;
  const end = options.complete ? sample.length : completeUtf8Length(sample);
  if (isUtf8(sample.subarray(0, end))) return 'utf-8';
  return mostlyUtf8(sample) ? 'utf-8' : 'windows-1252';
}

/**
 * A file that fails UTF-8 validation but holds more valid UTF-8 letter sequences (C2–DF + a
 * continuation byte: æ is C3 A6) than stray high bytes is UTF-8 with a few broken characters (a
 * file pasted together from two sources); read as Windows-1252 every æ would become "Ã¦". Read
 * as UTF-8, the broken characters are marked and reported instead.
 */
function mostlyUtf8(sample: Uint8Array): boolean {
  let pairs = 0;
  let stray = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b < 0x80) continue;
    const next = sample[i + 1] ?? 0;
    if (b >= 0xc2 && b <= 0xdf && next >= 0x80 && next <= 0xbf) {
      pairs++;
      i++;
    } else stray++;
  }
  return pairs > stray;
}

function sniffUtf16(sample: Uint8Array): EncodingId | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.3 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.3 && oddZero / pairs < 0.05) return 'utf-16be';
  return null;
}

/** Length of the prefix of `bytes` that does not end inside a UTF-8 multi-byte sequence. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const len = bytes.length;
  let i = len - 1;
  // Walk back over at most three continuation bytes to the sequence's lead byte.
  while (i >= 0 && len - i <= 3 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return len;
  const lead = bytes[i]!;
  if (lead < 0xc0) return len; // ASCII or a stray continuation byte: nothing pending
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return len - i < need ? i : len;
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F; iconv-lite supplies those 32 characters. */
const CP1252_HIGH = Uint16Array.from(iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'win1252'), (c, i) =>
  // Bytes without a Windows-1252 character keep their C1 code point, as the WHATWG decoder does.
  c === '\ufffd' ? 0x80 + i : c.charCodeAt(0),
);
const C1 = /[\u0080-\u009f]/;

/**
 * Windows-1252 at native speed: Latin-1 decoding is a plain copy inside Node; only a chunk that
 * holds one of the 32 differing bytes (€ ‚ „ … ‘ ’ “ ” – — ™ Š Ž …) is mapped byte by byte.
 * iconv-lite's own decoder does the same job at about a twentieth of the speed, and a regex
 * replace per character at about a tenth.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s = buf.toString('latin1');
  if (!C1.test(s)) return s;
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
  }
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}

export interface StreamDecoder {
  /** Decodes the next chunk; bytes of a character cut at the chunk's end wait for the next call. */
  decode(chunk: Uint8Array): string;
  /** Flushes what is left at the end of the file. */
  end(): string;
  /** The encoding in use; a UTF-8 guess from pure ASCII may become windows-1252 at the first non-UTF-8 byte. */
  readonly encoding: EncodingId;
  /** True once bytes were met that are invalid in the encoding: from then on U+FFFD marks them. */
  readonly corrupt: boolean;
}

/**
 * A decoder that strips the BOM itself (TextDecoder would strip one at the start of every chunk).
 * `asciiSoFar`: for UTF-8 detected from a sample that was pure ASCII, a later byte that is not
 * UTF-8 means the file is Windows-1252 after all (default true; pass false when the sample
 * already showed UTF-8 letters).
 */
export function createDecoder(initial: EncodingId, options: { asciiSoFar?: boolean } = {}): StreamDecoder {
  let encoding = initial;
  let corrupt = false;
  let started = false;
  let pending: Uint8Array | null = null;
  // Once any non-ASCII UTF-8 has been seen the file is UTF-8 for good; before that, a byte that is
  // invalid in UTF-8 means the sample was plain ASCII and the file is really Windows-1252.
  let provenUtf8 = initial === 'utf-8-bom' || options.asciiSoFar === false;
  let utf16: TextDecoder | null = null;
  if (initial === 'utf-16le' || initial === 'utf-16be') utf16 = new TextDecoder(initial, { ignoreBOM: true });

  const bomLength = initial === 'utf-8-bom' ? 3 : initial === 'utf-16le' || initial === 'utf-16be' ? 2 : 0;
  let head: Uint8Array | null = null;

  /** Drops the BOM, waiting for enough bytes when the first chunks are shorter than it. */
  function skipBom(chunk: Uint8Array, final: boolean): Uint8Array | null {
    if (started) return chunk;
    if (head) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      chunk = joined;
      head = null;
    }
    if (chunk.length < bomLength && !final) {
      head = chunk.slice();
      return null;
    }
    started = true;
    if (encoding === 'utf-8-bom' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) return chunk.subarray(3);
    if (encoding === 'utf-16le' && chunk[0] === 0xff && chunk[1] === 0xfe) return chunk.subarray(2);
    if (encoding === 'utf-16be' && chunk[0] === 0xfe && chunk[1] === 0xff) return chunk.subarray(2);
    return chunk;
  }

  function decodeUtf8(bytes: Uint8Array, final: boolean): string {
    let part = bytes;
    if (pending) {
      const joined = new Uint8Array(pending.length + bytes.length);
      joined.set(pending);
      joined.set(bytes, pending.length);
      part = joined;
      pending = null;
    }
    if (!final) {
      const cut = completeUtf8Length(part);
      if (cut < part.length) {
        pending = part.slice(cut);
        part = part.subarray(0, cut);
      }
    }
    const buf = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    if (!provenUtf8 && !corrupt) {
      if (isAscii(buf)) return buf.toString('latin1');
      if (isUtf8(buf)) {
        provenUtf8 = true;
        return buf.toString('utf8');
      }
      // Everything before this chunk was ASCII, identical in both encodings: switch quietly.
      encoding = 'windows-1252';
      return decodeWindows1252(part);
    }
    if (!corrupt && !isUtf8(buf)) corrupt = true;
    return buf.toString('utf8'); // invalid bytes become U+FFFD; the reader reports the cells holding them
  }

  return {
    get encoding() {
      return encoding;
    },
    get corrupt() {
      return corrupt;
    },
    decode(chunk) {
      const bytes = skipBom(chunk, false);
      if (!bytes) return '';
      if (utf16) return utf16.decode(bytes, { stream: true });
      if (encoding === 'windows-1252') {
        if (pending) {
          // The chunk before switched encoding with bytes held back as a cut UTF-8 sequence.
          const p = pending;
          pending = null;
          return decodeWindows1252(p) + decodeWindows1252(bytes);
        }
        return decodeWindows1252(bytes);
      }
      return decodeUtf8(bytes, false);
    },
    end() {
      if (head) {
        // A file shorter than its BOM: decode what there is.
        const rest = skipBom(new Uint8Array(0), true)!;
        if (utf16) return utf16.decode(rest);
        return encoding === 'windows-1252' ? decodeWindows1252(rest) : decodeUtf8(rest, true);
      }
      if (utf16) {
        const rest = utf16.decode();
        if (rest.includes('\ufffd')) corrupt = true;
        return rest;
      }
      if (!pending) return '';
      if (encoding === 'windows-1252') {
        const p = pending;
        pending = null;
        return decodeWindows1252(p);
      }
      return decodeUtf8(new Uint8Array(0), true);
    },
  };
}

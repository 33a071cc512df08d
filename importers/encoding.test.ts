// Encoding detection and the chunk-safe decoder (BOMs, UTF-16 without BOM, Windows-1252, mixed files).
import { describe, expect, it } from 'vitest';
import { completeUtf8Length, createDecoder, decodeWindows1252, detectEncoding } from './encoding.ts';
import { encode } from './testing.ts';

const TEXT = 'IT System;Leverandør\r\nØkonomi – ÆØÅ æøå;Løn € “citat”\r\n';

describe('detectEncoding', () => {
  it.each([
    ['utf-8-bom', 'utf-8-bom'],
    ['utf-16le-bom', 'utf-16le'],
    ['utf-16be-bom', 'utf-16be'],
    ['utf-8', 'utf-8'],
    ['windows-1252', 'windows-1252'],
    ['utf-16le', 'utf-16le'], // KITOS's own CSVs: UTF-16LE without a BOM
  ] as const)('%s → %s', (written, detected) => {
    expect(detectEncoding(encode(TEXT, written), { complete: true })).toBe(detected);
  });

  it('does not hold a character cut at the sample edge against UTF-8', () => {
    const bytes = encode('abcæ', 'utf-8'); // æ is two bytes
    const cut = bytes.subarray(0, bytes.length - 1);
    expect(detectEncoding(cut)).toBe('utf-8');
    // …but a complete file ending in half a character is not UTF-8.
    expect(detectEncoding(cut, { complete: true })).toBe('windows-1252');
  });

  it('finds the end of complete UTF-8', () => {
    const e = new TextEncoder().encode('a€'); // € = E2 82 AC
    expect(completeUtf8Length(e)).toBe(4);
    expect(completeUtf8Length(e.subarray(0, 3))).toBe(1);
    expect(completeUtf8Length(e.subarray(0, 2))).toBe(1);
    expect(completeUtf8Length(new Uint8Array([0x80]))).toBe(1); // a stray continuation: nothing pending
  });
});

describe('decoding', () => {
  it('decodes Windows-1252 including its 0x80–0x9F characters', () => {
    expect(decodeWindows1252(encode(TEXT, 'windows-1252'))).toBe(TEXT);
    // Bytes without a Windows-1252 character keep their C1 code point (as WHATWG does).
    expect(decodeWindows1252(new Uint8Array([0x81, 0x41]))).toBe('\u0081A');
  });

  it.each(['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be-bom', 'windows-1252'] as const)(
    '%s survives every chunk boundary and loses the BOM',
    (written) => {
      const bytes = encode(TEXT, written);
      for (let cut = 1; cut < bytes.length; cut++) {
        const d = createDecoder(detectEncoding(bytes, { complete: true }));
        const text = d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut)) + d.end();
        expect(text).toBe(TEXT);
        expect(d.corrupt).toBe(false);
      }
    },
  );

  it('switches to Windows-1252 when ASCII was followed by a non-UTF-8 byte', () => {
    const d = createDecoder('utf-8');
    const ascii = d.decode(new TextEncoder().encode('a;b\n'));
    const rest = d.decode(encode('æ;ø\n', 'windows-1252'));
    expect(ascii + rest + d.end()).toBe('a;b\næ;ø\n');
    expect(d.encoding).toBe('windows-1252');
    expect(d.corrupt).toBe(false);
  });

  it('marks a UTF-8 file with invalid bytes as corrupt and keeps going', () => {
    const d = createDecoder('utf-8');
    const first = d.decode(new TextEncoder().encode('ø;a\n'));
    const second = d.decode(encode('æ;b\n', 'windows-1252'));
    expect(first + second).toBe('ø;a\n\ufffd;b\n');
    expect(d.corrupt).toBe(true);
    expect(d.encoding).toBe('utf-8');
  });
});

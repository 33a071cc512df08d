// Usage scores packed as columns come back as the very rows that went in, also after crossing
// a thread boundary with their buffers transferred (what a worker of the recomputation does).
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { columnBuffers, type UsageScoreColumns, UsageScoreColumnsBuilder, type UsageScoreRow, usageScoreRows } from './usage-score-columns.ts';

/** Each row copied as it comes (the generator reuses one array). */
const rowsOf = (c: UsageScoreColumns) => Array.from(usageScoreRows(c), (r) => [...r]);

/** Rows with repeated texts, a null and an empty text, a -0, non-integers and large ids. */
function someRows(n: number): UsageScoreRow[] {
  return Array.from({ length: n }, (_, i): UsageScoreRow => [
    2 ** 40 + i,
    7,
    101,
    'handlefrihed-1.1',
    '2026-06-01',
    i === 3 ? -0 : i / 7,
    i * 0.1,
    'ABCDE'[i % 5]!,
    1 / (i + 1),
    i % 3,
    0.25,
    i % 4 === 0 ? '[]' : '["no_exit_clause"]',
    i % 2 ? null : i % 6 === 0 ? '' : `2027-0${1 + (i % 9)}-01`,
    JSON.stringify([[i % 11, 0.5, 'rule æøå']]),
  ]);
}

describe('usage score columns', () => {
  it('give back the rows that went in, in order, growing past the expected count', () => {
    const rows = someRows(50);
    const builder = new UsageScoreColumnsBuilder(7);
    for (const r of rows) builder.push(r);
    const columns = builder.build();
    expect(columns.count).toBe(50);
    const back = rowsOf(columns);
    expect(back).toEqual(rows);
    expect(Object.is(back[3]![5], -0)).toBe(true);
  });

  it('hold each distinct text once', () => {
    const builder = new UsageScoreColumnsBuilder(30);
    for (const r of someRows(30)) builder.push(r);
    const model = builder.build().columns[3]!;
    expect(ArrayBuffer.isView(model)).toBe(false);
    expect(model).toMatchObject({ joined: 'handlefrihed-1.1', ends: new Uint32Array([16]) });
  });

  it('cross a thread boundary with their buffers moved, not copied', () => {
    const rows = someRows(20);
    const builder = new UsageScoreColumnsBuilder(rows.length);
    for (const r of rows) builder.push(r);
    const columns = builder.build();
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(columns, columnBuffers(columns));
    const received = receiveMessageOnPort(port2)!.message as UsageScoreColumns;
    port1.close();
    // The sender's arrays are detached: their memory went with the message.
    expect(columns.columns.every((c) => (ArrayBuffer.isView(c) ? c.byteLength === 0 : c.index.byteLength === 0))).toBe(true);
    expect(rowsOf(received)).toEqual(rows);
  });

  it('are empty for no rows', () => {
    expect(rowsOf(new UsageScoreColumnsBuilder(0).build())).toEqual([]);
  });
});

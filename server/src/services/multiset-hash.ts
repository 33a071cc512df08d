// A hash of a multiset of lines: the same lines in any order give the same hash. Each line's
// SHA-256 is added into four 64-bit lanes (mod 2^64 each); addition commutes, so the order rows
// arrive in does not matter, while a changed, added or removed line changes the sum. Streaming:
// nothing is kept per line, so a million-row file hashes in constant memory. (Sorted lines would
// need the whole file in memory first.)
import { createHash, hash } from 'node:crypto';

const TWO_32 = 2 ** 32;

export class MultisetHash {
  /**
   * Each 64-bit lane as two 32-bit halves held in plain numbers (high, low): exact, and without
   * the per-row BigInt and hash-object allocations this runs for every row of a million-row file.
   */
  private readonly high = [0, 0, 0, 0];
  private readonly low = [0, 0, 0, 0];
  private count = 0;

  add(line: string): void {
    const d = hash('sha256', line, 'buffer');
    for (let i = 0; i < 4; i++) {
      const low = this.low[i]! + d.readUInt32BE(i * 8 + 4);
      const carry = low >= TWO_32 ? 1 : 0;
      this.low[i] = low - carry * TWO_32;
      this.high[i] = (this.high[i]! + d.readUInt32BE(i * 8) + carry) % TWO_32; // mod 2^64 overall
    }
    this.count++;
  }

  /** The sum and the count, hashed once more so the result is an ordinary SHA-256 hex digest. */
  digest(): string {
    const lanes = this.low.map((low, i) => ((BigInt(this.high[i]!) << 32n) | BigInt(low)).toString(16));
    return createHash('sha256').update(`${this.count}:${lanes.join(':')}`).digest('hex');
  }
}

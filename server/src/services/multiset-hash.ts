// A hash of a multiset of lines: the same lines in any order give the same hash. Each line's
// SHA-256 is added into four 64-bit lanes (mod 2^64 each); addition commutes, so the order rows
// arrive in does not matter, while a changed, added or removed line changes the sum. Streaming:
// nothing is kept per line, so a million-row file hashes in constant memory. (Sorted lines would
// need the whole file in memory first.)
import { createHash } from 'node:crypto';

export class MultisetHash {
  private readonly lanes = new BigUint64Array(4);
  private count = 0;

  add(line: string): void {
    const d = createHash('sha256').update(line).digest();
    for (let i = 0; i < 4; i++) this.lanes[i]! += d.readBigUInt64BE(i * 8); // BigUint64Array wraps mod 2^64
    this.count++;
  }

  /** The sum and the count, hashed once more so the result is an ordinary SHA-256 hex digest. */
  digest(): string {
    return createHash('sha256').update(`${this.count}:${[...this.lanes].map((l) => l.toString(16)).join(':')}`).digest('hex');
  }
}

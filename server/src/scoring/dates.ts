// Calendar arithmetic on ISO dates (`yyyy-mm-dd`) without reading the clock: every function
// takes the reference date (`asOf`) as an argument so a score can be recomputed exactly.

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};

/** Parses `yyyy-mm-dd` (a longer ISO timestamp is cut to its date part). */
function parts(iso: string): [number, number, number] {
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  const d = digit(iso, 8) * 10 + digit(iso, 9);
  if (!(y >= 0) || !(m >= 1 && m <= 12) || !(d >= 1 && d <= 31) || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) {
    throw new RangeError(`not an ISO date: ${iso}`);
  }
  return [y, m, d];
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return monthLengths[m - 1]!;
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The date part of an ISO date or timestamp. */
export function isoDay(iso: string): string {
  if (iso.length === 10) {
    parts(iso);
    return iso;
  }
  const [y, m, d] = parts(iso);
  return format(y, m, d);
}

/** Adds calendar months; the day is clamped to the target month's length (31 Jan + 1 = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  // A national recompute asks for the same few dates (asOf − 12 months, …) millions of times.
  const key = `${iso}|${months}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  if (memo.size > 50_000) memo.clear();
  const out = addMonthsUncached(iso, months);
  memo.set(key, out);
  return out;
}

const memo = new Map<string, string>();

function addMonthsUncached(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return format(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/**
 * Whole calendar months from `from` until `to`, rounded up (a part month counts as a month);
 * 0 when `to` is on or before `from`. `addMonths(from, result) >= to` always holds.
 */
export function monthsUntil(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  if (ty < fy || (ty === fy && (tm < fm || (tm === fm && td <= fd)))) return 0;
  // addMonths(from, k) lands in to's month on day min(fd, days in that month); any day of the
  // month before is earlier than `to`, so k is k0 or k0 + 1.
  const k0 = (ty - fy) * 12 + (tm - fm);
  return Math.min(fd, daysInMonth(ty, tm)) >= td ? k0 : k0 + 1;
}

/** True when `date` lies no more than `months` calendar months before `asOf` (future dates count as recent). */
export function withinMonthsBefore(date: string, asOf: string, months: number): boolean {
  if (asOf !== thresholdAsOf) {
    thresholds.clear();
    thresholdAsOf = asOf;
  }
  let threshold = thresholds.get(months);
  if (threshold === undefined) thresholds.set(months, (threshold = addMonths(asOf, -months)));
  return isoDay(date) >= threshold;
}

let thresholdAsOf = '';
const thresholds = new Map<number, string>();

/** The later of two ISO dates. */
export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}

/** The earlier of two ISO dates. */
export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

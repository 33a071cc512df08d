// An iCalendar (RFC 5545) feed of all-day events, so an architect can subscribe to a
// municipality's contract deadlines in Outlook or Thunderbird. Format only: the caller decides
// which dates matter. Hand-written because the well-known library needs Node 22.
import { isIsoDate } from './table.ts';

export interface CalendarEvent {
  /** Globally unique and stable across feeds (e.g. `contract-42-notice@handlefrihed.example`): clients update events by it. */
  uid: string;
  /** First day, `yyyy-mm-dd`. */
  date: string;
  /** Last day, inclusive, `yyyy-mm-dd`; a one-day event without it. */
  endDate?: string;
  summary: string;
  description?: string;
  url?: string;
}

export interface CalendarOptions {
  calendarName: string;
  events: readonly CalendarEvent[];
  /** DTSTAMP of every event: when the feed was generated. */
  now: Date;
  /** A display alarm this many days before each event; null for none. Default 14. */
  reminderDays?: number | null;
}

export const PRODID = '-//handlefrihed//handlefrihed//DA';

/** The whole feed, CRLF line ends, lines folded at 75 octets. Throws RangeError on a bad date. */
export function toICalendar(options: CalendarOptions): string {
  const { calendarName, events, now, reminderDays = 14 } = options;
  if (reminderDays !== null && !(Number.isInteger(reminderDays) && reminderDays >= 0)) throw new RangeError(`reminderDays: ${reminderDays}`);
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(calendarName)}`,
    // How often subscribers should re-read the feed (Outlook reads the X- one, RFC 7986 the other).
    'X-PUBLISHED-TTL:P1D',
    'REFRESH-INTERVAL;VALUE=DURATION:P1D',
  ];
  for (const e of events) {
    const start = utcDay(e.date);
    const last = e.endDate === undefined ? start : utcDay(e.endDate);
    if (last < start) throw new RangeError(`Event ${e.uid} ends (${e.endDate}) before it starts (${e.date}).`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${text(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(start)}`,
      // DTEND of an all-day event is exclusive: the day after the last day.
      `DTEND;VALUE=DATE:${basicDate(new Date(last.getTime() + 86_400_000))}`,
      `SUMMARY:${text(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${text(e.description)}`);
    // A URI is not TEXT (no backslash escapes); it just mustn't break the line.
    if (e.url) lines.push(`URL:${e.url.replace(/[\u0000-\u0020\u007f]/g, '')}`);
    // A deadline doesn't make the architect busy.
    lines.push('TRANSP:TRANSPARENT');
    if (reminderDays !== null)
      lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(e.summary)}`, `TRIGGER:-P${reminderDays}D`, 'END:VALARM');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function text(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * RFC 5545 §3.1: lines longer than 75 octets (of UTF-8, not characters) continue on the next line
 * after a space. Whole code points only, so a multi-byte character is never split.
 */
export function fold(line: string): string {
  let out = '';
  let used = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (used + bytes > 75) {
      out += '\r\n ';
      used = 1;
    }
    out += ch;
    used += bytes;
  }
  return out;
}

function utcDay(iso: string): Date {
  if (!isIsoDate(iso)) throw new RangeError(`Not a date (yyyy-mm-dd): ${JSON.stringify(iso)}`);
  return new Date(`${iso}T00:00:00Z`);
}

const basicDate = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');

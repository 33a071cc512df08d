// iCalendar feed: a golden calendar, RFC 5545 text escaping, all-day DTEND, CRLF, and folding
// at 75 octets that never splits a character and unfolds to the exact line.
import { describe, expect, it } from 'vitest';
import { fold, text, toICalendar } from './icalendar.ts';

const now = new Date('2025-06-01T10:30:05.123Z');
/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('toICalendar', () => {
  it('writes a small calendar exactly', () => {
    const ics = toICalendar({
      calendarName: 'Eksempelby Kommune: kontraktfrister',
      now,
      events: [
        {
          uid: 'contract-7-notice@handlefrihed',
          date: '2025-09-30',
          summary: 'Opsigelsesfrist: ESDH, Acme A/S',
          description: 'Seneste opsigelse; 6 måneders varsel.\nKontrakt udløber 2026-03-31.',
          url: 'https://handlefrihed.example/kontrakter/7',
        },
        { uid: 'contract-7-exit@handlefrihed', date: '2025-10-01', endDate: '2026-03-31', summary: 'Exitvindue: ESDH' },
      ],
    });
    expect(ics).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//handlefrihed//handlefrihed//DA',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Eksempelby Kommune: kontraktfrister',
        'X-PUBLISHED-TTL:P1D',
        'REFRESH-INTERVAL;VALUE=DURATION:P1D',
        'BEGIN:VEVENT',
        'UID:contract-7-notice@handlefrihed',
        'DTSTAMP:20250601T103005Z',
        'DTSTART;VALUE=DATE:20250930',
        'DTEND;VALUE=DATE:20251001',
        'SUMMARY:Opsigelsesfrist: ESDH\\, Acme A/S',
        // 73 characters but 75 octets: å and ø are two each.
        'DESCRIPTION:Seneste opsigelse\\; 6 måneders varsel.\\nKontrakt udløber 2026',
        ' -03-31.',
        'URL:https://handlefrihed.example/kontrakter/7',
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'DESCRIPTION:Opsigelsesfrist: ESDH\\, Acme A/S',
        'TRIGGER:-P14D',
        'END:VALARM',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:contract-7-exit@handlefrihed',
        'DTSTAMP:20250601T103005Z',
        'DTSTART;VALUE=DATE:20251001',
        'DTEND;VALUE=DATE:20260401',
        'SUMMARY:Exitvindue: ESDH',
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'DESCRIPTION:Exitvindue: ESDH',
        'TRIGGER:-P14D',
        'END:VALARM',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('ends every line with CRLF, and never a bare CR or LF, even from text with line breaks', () => {
    const ics = toICalendar({ calendarName: 'a\rb\nc', now, events: [{ uid: 'u', date: '2025-01-01', summary: 'x\r\ny', description: 'p\n\nq' }] });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
    expect(ics).toContain('X-WR-CALNAME:a\\nb\\nc\r\n');
    expect(ics).toContain('SUMMARY:x\\ny\r\n');
    expect(ics).toContain('DESCRIPTION:p\\n\\nq\r\n');
  });

  it('gives all-day events an exclusive DTEND across month, year and leap-day boundaries', () => {
    const ends = (date: string, endDate?: string) =>
      /DTEND;VALUE=DATE:(\d{8})/.exec(toICalendar({ calendarName: 'c', now, events: [{ uid: 'u', date, ...(endDate ? { endDate } : {}), summary: 's' }] }))![1];
    expect(ends('2025-01-31')).toBe('20250201');
    expect(ends('2025-12-31')).toBe('20260101');
    expect(ends('2024-02-28')).toBe('20240229');
    expect(ends('2025-03-01', '2025-03-01')).toBe('20250302');
    expect(ends('2025-03-01', '2025-03-31')).toBe('20250401');
  });

  it('refuses dates that are not dates, an end before the start, and a negative reminder', () => {
    const cal = (date: string, endDate?: string, reminderDays?: number) =>
      toICalendar({ calendarName: 'c', now, events: [{ uid: 'u', date, ...(endDate ? { endDate } : {}), summary: 's' }], ...(reminderDays !== undefined ? { reminderDays } : {}) });
    expect(() => cal('2025-02-30')).toThrow(RangeError);
    expect(() => cal('30-09-2025')).toThrow(RangeError);
    expect(() => cal('2025-03-02', '2025-03-01')).toThrow(RangeError);
    expect(() => cal('2025-03-02', undefined, -1)).toThrow(RangeError);
    expect(cal('2025-03-02', undefined, 30)).toContain('TRIGGER:-P30D\r\n');
  });

  it('leaves the alarm out on request', () => {
    expect(toICalendar({ calendarName: 'c', now, reminderDays: null, events: [{ uid: 'u', date: '2025-01-01', summary: 's' }] })).not.toContain('VALARM');
  });
});

describe('text', () => {
  it('escapes backslash, semicolon, comma and line breaks, and drops other control characters', () => {
    expect(text('C:\\sti; a, b\r\nny linje\rog\nen til\u0000\u001b[31m\tfane')).toBe('C:\\\\sti\\; a\\, b\\nny linje\\nog\\nen til[31m\tfane');
  });
});

describe('fold', () => {
  const summary = `SUMMARY:${text('Opsigelsesfrist for økonomisystemet på Ærø, Fanø og Læsø: bør besluttes før året er omme – så følg op med økonomiafdelingen, IT-arkitekten og leverandøren 🚀 i god tid')}`;

  it('keeps every physical line within 75 octets, splits no character, and unfolds to the exact line', () => {
    const folded = fold(summary);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(2);
    const bytes = Buffer.from(folded, 'utf8');
    // Split the bytes, not the string: a split multi-byte sequence would not decode.
    const physical: Buffer[] = [];
    for (let start = 0, i; start <= bytes.length; start = i + 2) {
      i = bytes.indexOf('\r\n', start);
      if (i < 0) i = bytes.length;
      physical.push(bytes.subarray(start, i));
    }
    for (const line of physical) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(line)).not.toThrow();
    }
    expect(physical.slice(1).every((l) => l[0] === 0x20)).toBe(true);
    expect(unfold(folded)).toBe(summary);
    // At least one line is full to the octet, so the limit is really 75, not 75 characters.
    expect(physical.some((l) => l.length === 75 || l.length === 74)).toBe(true);
  });

  it('leaves a 75-octet line alone and folds the 76th octet', () => {
    expect(fold('x'.repeat(75))).toBe('x'.repeat(75));
    expect(fold('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    expect(fold(`${'x'.repeat(74)}æ`)).toBe(`${'x'.repeat(74)}\r\n æ`);
  });

  it('folds inside a whole calendar', () => {
    const ics = toICalendar({ calendarName: 'c', now, events: [{ uid: 'u', date: '2025-01-01', summary: 'æøå'.repeat(40) }] });
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(unfold(ics)).toContain(`SUMMARY:${'æøå'.repeat(40)}\r\n`);
  });
});

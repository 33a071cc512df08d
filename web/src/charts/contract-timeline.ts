// Contracts on a time axis: the contract period, the exit window (notice deadline → end, hatched),
// the notice deadline itself and a "today" line. `today` is passed in; dates are UTC calendar days
// so neither the clock nor the time zone reaches the picture.
import { formatCount } from '../../../server/src/domain/format.ts';
import { max } from 'd3-array';
import { scaleBand, scaleUtc } from 'd3-scale';
import { utcDay, utcMonth } from 'd3-time';
import { timeFormatLocale, type TimeLocaleDefinition } from 'd3-time-format';
import {
  alert, fitText, hatch, ink, layer, muted, round, rust, svgShell, textWidth, topAxis,
  type BaseOptions, type Lang, type Margin, type TableData,
} from './common.ts';

export interface ContractRow {
  id: string;
  name: string;
  vendor: string;
  /** 'yyyy-mm-dd' */
  start?: string;
  end: string;
  noticeDeadline?: string;
}

export interface ContractTimelineOptions extends BaseOptions {
  /** 'yyyy-mm-dd' (or a Date, read as its local calendar day). Never taken from the clock here. */
  today: string | Date;
  /** Axis limits, 'yyyy-mm-dd'; by default 3 months before today to a month after the last end. */
  from?: string;
  to?: string;
}

const da: TimeLocaleDefinition = {
  dateTime: '%A den %-d. %B %Y %X',
  date: '%d.%m.%Y',
  time: '%H.%M.%S',
  periods: ['', ''],
  days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
  shortDays: ['søn.', 'man.', 'tirs.', 'ons.', 'tors.', 'fre.', 'lør.'],
  months: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
  shortMonths: ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
};
const en: TimeLocaleDefinition = {
  dateTime: '%A %-d %B %Y %X',
  date: '%d/%m/%Y',
  time: '%H:%M:%S',
  periods: ['AM', 'PM'],
  days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const locales = { da: timeFormatLocale(da), en: timeFormatLocale(en) };
/** Short Danish dates, "1. mar. 2026"; the English form is "1 Mar 2026". */
export const formatDate = (lang: Lang = 'da') => locales[lang].utcFormat(lang === 'da' ? '%-d. %b %Y' : '%-d %b %Y');
const parse = locales.da.utcParse('%Y-%m-%d');

const text = {
  da: {
    title: 'Kontrakter, opsigelsesfrister og exit-vinduer',
    today: 'I dag',
    window: 'Exit-vindue: fra opsigelsesfrist til udløb',
    deadline: 'Opsigelsesfrist',
    contract: 'Kontrakt',
    vendor: 'Leverandør',
    start: 'Start',
    end: 'Udløb',
    status: 'Status',
    expired: 'udløbet',
    passed: 'frist passeret',
    none: 'ingen frist kendt',
    empty: 'Ingen kontrakter at vise.',
    inDays: (n: number) => (n === 0 ? 'frist i dag' : n === 1 ? 'frist i morgen' : `frist om ${formatCount(n, 'da')} dage`),
  },
  en: {
    title: 'Contracts, notice deadlines and exit windows',
    today: 'Today',
    window: 'Exit window: from notice deadline to end',
    deadline: 'Notice deadline',
    contract: 'Contract',
    vendor: 'Vendor',
    start: 'Start',
    end: 'End',
    status: 'Status',
    expired: 'expired',
    passed: 'deadline passed',
    none: 'no known deadline',
    empty: 'No contracts to show.',
    inDays: (n: number) => (n === 0 ? 'deadline today' : n === 1 ? 'deadline tomorrow' : `deadline in ${formatCount(n, 'en')} days`),
  },
};

const margin: Omit<Margin, 'left'> = { top: 60, right: 118, bottom: 8 };

interface Contract {
  row: ContractRow;
  start: Date | null;
  end: Date;
  notice: Date | null;
}

type Status = { kind: 'expired' | 'passed' | 'none' } | { kind: 'upcoming'; days: number };

function toDay(d: string | Date): Date {
  if (typeof d !== 'string') return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const parsed = parse(d);
  if (!parsed) throw new RangeError(`Not a yyyy-mm-dd date: ${d}`);
  return parsed;
}

/** Rows with a readable end date, the nearest deadline (or end) first, then by id. */
function contracts(rows: ContractRow[]): Contract[] {
  return rows
    .map((row) => ({ row, start: (row.start && parse(row.start)) || null, end: parse(row.end), notice: (row.noticeDeadline && parse(row.noticeDeadline)) || null }))
    .filter((c): c is Contract => c.end !== null)
    .sort((a, b) => +(a.notice ?? a.end) - +(b.notice ?? b.end) || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
}

function status(c: Contract, today: Date): Status {
  if (c.end < today) return { kind: 'expired' };
  if (!c.notice) return { kind: 'none' };
  if (c.notice < today) return { kind: 'passed' };
  return { kind: 'upcoming', days: utcDay.count(today, c.notice) };
}

function statusText(s: Status, lang: Lang): string {
  const t = text[lang];
  return s.kind === 'upcoming' ? t.inDays(s.days) : t[s.kind];
}

/** Month tick spacing: the smallest of 1, 2, 3, 6, 12 months that leaves ≥ 36 px per tick. */
function tickInterval(from: Date, to: Date, pixels: number) {
  const months = Math.max(1, utcMonth.count(from, to));
  const step = [1, 2, 3, 6, 12].find((k) => pixels / (months / k) >= 36) ?? 24;
  return utcMonth.every(step)!;
}

export function contractTimeline(rows: ContractRow[], options: ContractTimelineOptions): SVGSVGElement {
  const { width, height, lang = 'da' } = options;
  const t = text[lang];
  const id = options.id ?? 'contract-timeline';
  const today = toDay(options.today);
  const list = contracts(rows);
  const svg = svgShell(options, { id, title: t.title }, summary(rows, lang, { today: options.today }));
  const hatched = hatch(svg, `${id}-hatch`, rust);
  const date = formatDate(lang);
  const locale = locales[lang];

  const from = options.from ? toDay(options.from) : utcMonth.offset(utcMonth.floor(today), -3);
  const to = options.to ? toDay(options.to) : utcMonth.offset(utcMonth.ceil(max(list, (c) => c.end) ?? utcMonth.offset(today, 12)), 1);
  const left = Math.min(width / 3, Math.max(80, ...list.map((c) => Math.max(textWidth(c.row.name, 13), textWidth(c.row.vendor, 11)))) + 20);
  const x = scaleUtc().domain([from, to]).range([left, width - margin.right]).clamp(true);
  const y = scaleBand<string>().domain(list.map((c) => c.row.id)).range([margin.top, height - margin.bottom]).paddingInner(0.25).paddingOuter(0.1);
  const band = y.bandwidth();

  // Legend: the hatched exit window and the deadline mark, explained in words.
  const keys = [
    { key: 'window', label: t.window },
    { key: 'deadline', label: t.deadline },
  ];
  const firstKey = Math.min(textWidth(t.window) + 28, width - left - 140);
  layer(svg, 'legend')
    .selectAll<SVGGElement, (typeof keys)[number]>('g.key')
    .data(keys, (d) => d.key)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'key');
      g.append('rect').attr('x', 0).attr('y', 0).attr('width', 22).attr('height', 12).attr('fill', 'none');
      g.append('line').attr('x1', 11).attr('x2', 11).attr('y1', -2).attr('y2', 14).attr('stroke', ink).attr('stroke-width', 2.5);
      g.append('text').attr('x', 28).attr('y', 10);
      return g;
    })
    .attr('transform', (_d, i) => `translate(${round(left + i * (firstKey + 24))},4)`)
    .call((g) => g.select('rect').attr('display', (d) => (d.key === 'window' ? null : 'none')).attr('fill', hatched).attr('stroke', rust).attr('stroke-width', 1.5))
    .call((g) => g.select('line').attr('display', (d) => (d.key === 'deadline' ? null : 'none')))
    .call((g) => g.select('text').text((d, i) => fitText(d.label, i === 0 ? firstKey - 28 : width - left - firstKey - 52)));

  // Month ticks along the top: January shows the year, the other months their Danish short name.
  const ticks = x.ticks(tickInterval(from, to, width - margin.right - left));
  const tickLabel = (d: Date) => (d.getUTCMonth() === 0 ? locale.utcFormat('%Y')(d) : locale.utcFormat('%b')(d));
  topAxis(svg, ticks, {
    key: (d) => d.toISOString().slice(0, 10),
    x,
    top: margin.top,
    bottom: height - margin.bottom,
    gap: 6,
    label: tickLabel,
    weight: (d) => (d.getUTCMonth() === 0 ? 600 : 400),
  });

  const row = layer(svg, 'contracts')
    .selectAll<SVGGElement, Contract>('g.contract')
    .data(list, (d) => d.row.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'contract');
      g.append('title');
      g.append('text').attr('class', 'name').attr('font-weight', 600);
      g.append('text').attr('class', 'vendor').attr('font-size', 11).attr('fill', muted);
      g.append('rect').attr('class', 'window');
      g.append('rect').attr('class', 'period');
      g.append('line').attr('class', 'deadline');
      g.append('text').attr('class', 'status').attr('font-size', 11);
      return g;
    })
    .attr('data-id', (d) => d.row.id)
    .attr('transform', (d) => `translate(0,${round(y(d.row.id)!)})`);

  row.select('title').text((d) => [
    `${d.row.name} (${d.row.vendor})`,
    d.start ? `${t.start}: ${date(d.start)}` : null,
    `${t.end}: ${date(d.end)}`,
    d.notice ? `${t.deadline}: ${date(d.notice)}` : null,
  ].filter(Boolean).join(' · '));
  row.select('text.name').attr('x', round(left - 8)).attr('y', round(band / 2 - 2)).attr('text-anchor', 'end')
    .text((d) => fitText(d.row.name, left - 12));
  row.select('text.vendor').attr('x', round(left - 8)).attr('y', round(band / 2 + 11)).attr('text-anchor', 'end')
    .text((d) => fitText(d.row.vendor, left - 12, 11));
  // The exit window is the full row height, behind the thinner contract period.
  // Marks wholly outside the axis are hidden rather than piled up at its edge by the clamp.
  const inView = (a: Date, b: Date) => b >= from && a <= to;
  row.select('rect.window')
    .attr('display', (d) => (d.notice && d.notice < d.end && inView(d.notice, d.end) ? null : 'none'))
    .attr('x', (d) => round(x(d.notice ?? d.end)))
    .attr('width', (d) => round(Math.max(0, x(d.end) - x(d.notice ?? d.end))))
    .attr('y', 0).attr('height', round(band))
    .attr('fill', hatched).attr('stroke', rust).attr('stroke-width', 1.5);
  row.select('rect.period')
    .attr('x', (d) => round(x(d.start ?? from)))
    .attr('width', (d) => round(Math.max(1, x(d.end) - x(d.start ?? from))))
    .attr('y', round(band / 2 - 4)).attr('height', 8)
    .attr('fill', muted)
    .attr('display', (d) => (inView(d.start ?? from, d.end) ? null : 'none'))
    .attr('data-open-start', (d) => (!d.start || d.start < from ? 'true' : null));
  row.select('line.deadline')
    .attr('display', (d) => (d.notice && inView(d.notice, d.notice) ? null : 'none'))
    .attr('x1', (d) => round(x(d.notice ?? d.end))).attr('x2', (d) => round(x(d.notice ?? d.end)))
    .attr('y1', -3).attr('y2', round(band + 3))
    .attr('stroke', ink).attr('stroke-width', 2.5);
  row.select('text.status')
    .attr('x', round(width - margin.right + 8)).attr('y', round(band / 2 + 4))
    .attr('fill', (d) => (status(d, today).kind === 'passed' ? alert : ink))
    .attr('font-weight', (d) => (status(d, today).kind === 'passed' ? 600 : 400))
    .text((d) => statusText(status(d, today), lang));

  layer(svg, 'note').selectChildren<SVGTextElement, string>('text').data(list.length ? [] : [t.empty]).join('text')
    .attr('x', left).attr('y', margin.top + 20).attr('fill', muted).text((d) => d);

  // Today: a dashed red line over the rows, labelled with the date.
  const now = layer(svg, 'today');
  now.selectChildren<SVGLineElement, Date>('line').data([today]).join('line')
    .attr('x1', (d) => round(x(d))).attr('x2', (d) => round(x(d)))
    .attr('y1', margin.top - 28).attr('y2', height - margin.bottom)
    .attr('stroke', alert).attr('stroke-width', 2).attr('stroke-dasharray', '4 3');
  now.selectChildren<SVGTextElement, Date>('text').data([today]).join('text')
    .attr('x', (d) => round(x(d) + 4)).attr('y', margin.top - 30).attr('font-size', 11).attr('font-weight', 600).attr('fill', alert)
    .text((d) => `${t.today}, ${date(d)}`);
  return svg.node()!;
}

/** One sentence: how many contracts, the next notice deadline, and how many have passed theirs. */
export function summary(rows: ContractRow[], lang: Lang = 'da', o: { today: string | Date }): string {
  const today = toDay(o.today);
  const date = formatDate(lang);
  const list = contracts(rows);
  const next = list.find((c) => status(c, today).kind === 'upcoming');
  const passed = list.filter((c) => status(c, today).kind === 'passed').length;
  if (lang === 'da') {
    const head = `Tidslinjen viser ${list.length} ${list.length === 1 ? 'kontrakt' : 'kontrakter'} set fra i dag, ${date(today)}`;
    const nextText = next ? `; næste opsigelsesfrist er ${date(next.notice!)} for ${next.row.name} (${next.row.vendor}), om ${formatCount(utcDay.count(today, next.notice!), 'da')} dage` : '; ingen kommende opsigelsesfrister';
    const passedText = passed ? `, og ${passed} ${passed === 1 ? 'kontrakt har' : 'kontrakter har'} passeret fristen uden at være udløbet` : '';
    return `${head}${nextText}${passedText}.`;
  }
  const head = `The timeline shows ${list.length} ${list.length === 1 ? 'contract' : 'contracts'} as of today, ${date(today)}`;
  const nextText = next ? `; the next notice deadline is ${date(next.notice!)} for ${next.row.name} (${next.row.vendor}), in ${formatCount(utcDay.count(today, next.notice!), 'en')} days` : '; no upcoming notice deadlines';
  const passedText = passed ? `, and ${passed} ${passed === 1 ? 'contract has' : 'contracts have'} passed the deadline without having ended` : '';
  return `${head}${nextText}${passedText}.`;
}

export function tableRows(rows: ContractRow[], lang: Lang = 'da', o: { today: string | Date }): TableData {
  const t = text[lang];
  const today = toDay(o.today);
  const date = formatDate(lang);
  return {
    columns: [t.contract, t.vendor, t.start, t.end, t.deadline, t.status],
    rows: contracts(rows).map((c) => [
      c.row.name, c.row.vendor, c.start ? date(c.start) : '–', date(c.end), c.notice ? date(c.notice) : '–', statusText(status(c, today), lang),
    ]),
  };
}

// The nine lock-in factors F1–F9 of one system as horizontal bars (0–100, higher = more locked
// in), each with its weight; an unknown factor is a hatched full-length bar labelled "ukendt".
import { scaleBand, scaleLinear } from 'd3-scale';
import {
  accent, fitText, hatch, layer, muted, numberFormat, round, svgShell, textWidth, topAxis,
  type BaseOptions, type Lang, type Margin, type TableData,
} from './common.ts';

export interface FactorRow {
  /** 'F1' … 'F9' */
  id: string;
  label: string;
  /** 0–100; null = unknown. */
  score: number | null;
  weight: number;
}

export interface FactorBarsOptions extends BaseOptions {
  /** The system's name, for the summary sentence. */
  system?: string;
}

const unknownInk = '#767676';

const text = {
  da: {
    title: 'Bindingsfaktorer',
    unknown: 'ukendt',
    weight: 'vægt',
    factor: 'Faktor',
    name: 'Beskrivelse',
    score: 'Score (0–100)',
    weightCol: 'Vægt',
    the: 'systemet',
  },
  en: {
    title: 'Lock-in factors',
    unknown: 'unknown',
    weight: 'weight',
    factor: 'Factor',
    name: 'Description',
    score: 'Score (0–100)',
    weightCol: 'Weight',
    the: 'the system',
  },
};

const margin: Omit<Margin, 'left'> = { top: 24, right: 96, bottom: 8 };

export function factorBars(rows: FactorRow[], options: FactorBarsOptions): SVGSVGElement {
  const { width, height, lang = 'da' } = options;
  const t = text[lang];
  const id = options.id ?? 'factor-bars';
  const number = numberFormat(lang, { maximumFractionDigits: 1 });
  const svg = svgShell(options, { id, title: t.title }, summary(rows, lang, { system: options.system }));
  const unknownFill = hatch(svg, `${id}-unknown`, unknownInk);

  const labelOf = (d: FactorRow) => `${d.id} ${d.label}`;
  const left = Math.min(width * 0.45, Math.max(60, ...rows.map((r) => textWidth(labelOf(r)))) + 16);
  const x = scaleLinear().domain([0, 100]).range([left, width - margin.right]);
  const y = scaleBand<string>().domain(rows.map((r) => r.id)).range([margin.top, height - margin.bottom]).paddingInner(0.3).paddingOuter(0.1);
  const band = y.bandwidth();

  topAxis(svg, [0, 25, 50, 75, 100], { key: String, x, top: margin.top, bottom: height - margin.bottom, gap: 4, label: number });

  const factor = layer(svg, 'factors')
    .selectAll<SVGGElement, FactorRow>('g.factor')
    .data(rows, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'factor');
      g.append('text').attr('class', 'label').attr('text-anchor', 'end');
      g.append('rect').attr('class', 'bar');
      g.append('text').attr('class', 'score').attr('font-size', 11);
      g.append('text').attr('class', 'weight').attr('font-size', 11).attr('fill', muted);
      return g;
    })
    .attr('data-id', (d) => d.id)
    .attr('data-unknown', (d) => (d.score == null ? 'true' : null))
    .attr('transform', (d) => `translate(0,${round(y(d.id)!)})`);

  factor.select('text.label').attr('x', round(left - 8)).attr('y', round(band / 2 + 4)).text((d) => fitText(labelOf(d), left - 12));
  // Unknown: the whole 0–100 range hatched grey, so it can't be read as a low score.
  factor.select('rect.bar')
    .attr('x', round(x(0)))
    .attr('y', 0)
    .attr('height', round(band))
    .attr('width', (d) => round(x(d.score ?? 100) - x(0)))
    .attr('fill', (d) => (d.score == null ? unknownFill : accent))
    .attr('stroke', (d) => (d.score == null ? unknownInk : accent))
    .attr('stroke-width', 1);
  factor.select('text.score')
    .attr('x', (d) => round(d.score == null ? x(0) + 6 : x(d.score) + 4))
    .attr('y', round(band / 2 + 4))
    .attr('font-weight', (d) => (d.score == null ? 600 : 400))
    .attr('paint-order', 'stroke').attr('stroke', '#ffffff').attr('stroke-width', (d) => (d.score == null ? 3 : 0))
    .text((d) => (d.score == null ? t.unknown : number(d.score)));
  factor.select('text.weight')
    .attr('x', round(width - margin.right + 36)).attr('y', round(band / 2 + 4))
    .text((d) => `${t.weight} ${number(d.weight)}`);
  return svg.node()!;
}

/** One sentence: the highest and lowest known factor, and how many are unknown. */
export function summary(rows: FactorRow[], lang: Lang = 'da', o: { system?: string | undefined } = {}): string {
  const t = text[lang];
  const number = numberFormat(lang, { maximumFractionDigits: 1 });
  const known = rows.filter((r) => r.score != null).sort((a, b) => b.score! - a.score! || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const unknown = rows.length - known.length;
  const system = o.system ?? t.the;
  if (lang === 'da') {
    const head = `Figuren viser ${rows.length} bindingsfaktorer for ${system} på en skala fra 0 til 100, hvor højere betyder mere binding`;
    const range = known.length
      ? `; højest er ${known[0]!.id} ${known[0]!.label} (${number(known[0]!.score!)}), lavest ${known[known.length - 1]!.id} ${known[known.length - 1]!.label} (${number(known[known.length - 1]!.score!)})`
      : '';
    const unk = unknown ? `; ${unknown} ${unknown === 1 ? 'faktor er ukendt' : 'faktorer er ukendte'}` : '';
    return `${head}${range}${unk}.`;
  }
  const head = `The chart shows ${rows.length} lock-in factors for ${system} on a scale from 0 to 100, where higher means more lock-in`;
  const range = known.length
    ? `; highest is ${known[0]!.id} ${known[0]!.label} (${number(known[0]!.score!)}), lowest ${known[known.length - 1]!.id} ${known[known.length - 1]!.label} (${number(known[known.length - 1]!.score!)})`
    : '';
  const unk = unknown ? `; ${unknown} ${unknown === 1 ? 'factor is' : 'factors are'} unknown` : '';
  return `${head}${range}${unk}.`;
}

export function tableRows(rows: FactorRow[], lang: Lang = 'da'): TableData {
  const t = text[lang];
  const number = numberFormat(lang, { maximumFractionDigits: 1 });
  return {
    columns: [t.factor, t.name, t.score, t.weightCol],
    rows: rows.map((r) => [r.id, r.label, r.score == null ? t.unknown : number(r.score), number(r.weight)]),
  };
}

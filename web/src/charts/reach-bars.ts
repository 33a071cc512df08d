// The "hidden dependency" chart: per vendor, direct reach (share of systems it supplies) beside
// transitive reach (also hosting, platforms and integrations). Solid vs hatched, labelled in %.
import { formatInteger, formatPercent, round, type BaseOptions, type Format, type Lang, type TableData } from './common.ts';
import { pairedBars } from './paired-bars.ts';

export interface ReachRow {
  id: string;
  name: string;
  /** Share of systems where the vendor is the supplier, 0..1. */
  direct: number;
  /** Share of systems that depend on the vendor in any role, 0..1. */
  transitive: number;
}

/** What the rows are: vendors (a municipality's or the nation's), or municipalities (one vendor's). */
export type ReachSubject = 'vendors' | 'municipalities';

export interface ReachBarsOptions extends BaseOptions {
  format?: Format;
  subject?: ReachSubject;
}

const subjects: Record<ReachSubject, Record<Lang, { plural: string; column: string; title: string }>> = {
  vendors: {
    da: { plural: 'leverandører', column: 'Leverandør', title: 'Leverandørernes direkte og samlede rækkevidde' },
    en: { plural: 'vendors', column: 'Vendor', title: 'Vendors’ direct and total reach' },
  },
  municipalities: {
    da: { plural: 'kommuner', column: 'Kommune', title: 'Leverandørens direkte og samlede rækkevidde i kommunerne' },
    en: { plural: 'municipalities', column: 'Municipality', title: 'The vendor’s direct and total reach in the municipalities' },
  },
};

const text = {
  da: {
    direct: 'Direkte: leverandør af systemet',
    transitive: 'Samlet: også hosting, platforme og integrationer',
    directCol: 'Direkte rækkevidde',
    transitiveCol: 'Samlet rækkevidde',
    hiddenCol: 'Skjult afhængighed (procentpoint)',
  },
  en: {
    direct: 'Direct: supplier of the system',
    transitive: 'Total: also hosting, platforms and integrations',
    directCol: 'Direct reach',
    transitiveCol: 'Total reach',
    hiddenCol: 'Hidden dependency (percentage points)',
  },
};

export function reachBars(rows: ReachRow[], options: ReachBarsOptions): SVGSVGElement {
  const { lang = 'da' } = options;
  const t = text[lang];
  const format = options.format ?? formatPercent(lang);
  const subject = options.subject ?? 'vendors';
  return pairedBars(rows, options, {
    id: 'reach-bars',
    title: subjects[subject][lang].title,
    description: summary(rows, lang, { format, subject }),
    format,
    series: [
      { key: 'direct', label: t.direct, solid: true },
      { key: 'transitive', label: t.transitive, solid: false },
    ],
    value: (r, key) => r[key],
    rowClass: 'vendor',
    // A light grid at every 25 %, unlabelled: every bar carries its own value as text.
    grid: [0, 0.25, 0.5, 0.75, 1],
  });
}

/** One sentence: how many vendors, and the one whose reach grows most beyond its own systems. */
export function summary(rows: ReachRow[], lang: Lang = 'da', o: { format?: Format; subject?: ReachSubject } = {}): string {
  const format = o.format ?? formatPercent(lang);
  const { plural } = subjects[o.subject ?? 'vendors'][lang];
  if (rows.length === 0) return lang === 'da' ? `Der er ingen ${plural} at vise.` : `There are no ${plural} to show.`;
  const top = [...rows].sort((a, b) => b.transitive - b.direct - (a.transitive - a.direct) || a.id.localeCompare(b.id))[0]!;
  // "men" only where hosting, platforms and integrations add something the reader can see.
  if (format(top.transitive) === format(top.direct)) {
    return lang === 'da'
      ? `Figuren viser direkte og samlet rækkevidde for ${rows.length} ${plural}; ingen har en synlig skjult afhængighed: hosting, platforme og integrationer lægger intet til den direkte rækkevidde.`
      : `The chart shows direct and total reach for ${rows.length} ${plural}; none has a visible hidden dependency: hosting, platforms and integrations add nothing to the direct reach.`;
  }
  return lang === 'da'
    ? `Figuren viser direkte og samlet rækkevidde for ${rows.length} ${plural}; størst skjult afhængighed: ${top.name}, ${format(top.direct)} direkte, men ${format(top.transitive)} med hosting, platforme og integrationer.`
    : `The chart shows direct and total reach for ${rows.length} ${plural}; the largest hidden dependency: ${top.name}, ${format(top.direct)} direct, but ${format(top.transitive)} with hosting, platforms and integrations.`;
}

export function tableRows(rows: ReachRow[], lang: Lang = 'da', o: { format?: Format; subject?: ReachSubject } = {}): TableData {
  const t = text[lang];
  const format = o.format ?? formatPercent(lang);
  const points = formatInteger(lang);
  return {
    columns: [subjects[o.subject ?? 'vendors'][lang].column, t.directCol, t.transitiveCol, t.hiddenCol],
    rows: rows.map((r) => [r.name, format(r.direct), format(r.transitive), points(round((r.transitive - r.direct) * 100, 0))]),
  };
}

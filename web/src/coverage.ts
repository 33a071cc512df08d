// The coverage line every national page carries: how many municipalities the national figures
// count and how recent their data is — "23 af 98 kommuner har indlæst data (senest 6. dec. 2026)".
// In the demo world it says that the figures are fictitious.
import type { NationalCoverage } from '../../server/src/services/coverage.ts';
import { fetchCoverage } from './data/api.ts';
import { el } from './dom.ts';
import { formatDay, formatInteger } from './format.ts';
import { tr } from './i18n.ts';

export function coverageText(c: NationalCoverage): string {
  const n = formatInteger(c.municipalitiesWithData);
  const of = formatInteger(c.municipalitiesTotal);
  if (c.municipalitiesWithData === 0) return tr('Ingen kommuner har indlæst data endnu.', 'No municipality has loaded data yet.');
  const day = formatDay(c.latestDataDate);
  if (c.world === 'demo') {
    return tr(`Fiktive demodata for ${n} af ${of} kommuner (dannet ${day}).`, `Fictitious demo data for ${n} of ${of} municipalities (generated ${day}).`);
  }
  return c.municipalitiesWithData === 1
    ? tr(`1 af ${of} kommuner har indlæst data (${day}).`, `1 of ${of} municipalities has loaded data (${day}).`)
    : tr(`${n} af ${of} kommuner har indlæst data (senest ${day}).`, `${n} of ${of} municipalities have loaded data (latest ${day}).`);
}

/** The line as an element that fills itself in; it removes itself if the coverage cannot be read. */
export function coverageLine(): HTMLElement {
  const p = el('p', { id: 'coverage', className: 'coverage' });
  fetchCoverage().then(
    (c) => {
      p.textContent = coverageText(c);
      p.dataset.world = c.world;
    },
    () => p.remove(),
  );
  return p;
}

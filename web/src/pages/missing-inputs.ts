// "Foreløbig" that explains (issue #13): what a provisional municipality score is missing — per
// theme (contract data, hosting, the vendor's ownership …), in how many of the municipality's
// systems an input is unknown, from the score's own confidence data
// (score.confidence.missingInputs) — and the marker that links to it.
import { type MissingInputKind, missingInputLabels } from '../../../server/src/scoring/missing-inputs.ts';
import type { MunicipalityScoreView } from '../data/api.ts';
import { el } from '../dom.ts';
import { formatPercent, numberFormat } from '../charts/common.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';

export const MISSING_ID = 'mangler';

type Confidence = MunicipalityScoreView['score']['confidence'];

/** The lines of the summary: "Kontraktdata mangler for 212 af 340 systemer", then coverage. */
export function missingLines(confidence: Confidence, systemCount: number): string[] {
  const whole = numberFormat(lang(), { maximumFractionDigits: 0 });
  const lines = (confidence.missingInputs ?? []).map((m) =>
    tr(
      `${m.label.da} mangler for ${whole(m.systems)} af ${whole(systemCount)} systemer`,
      `${m.label.en} missing for ${whole(m.systems)} of ${whole(systemCount)} systems`,
    ),
  );
  const cov = confidence.coverage;
  if (cov.basis === 'none') {
    lines.push(tr('Kommunens samlede it-udgift er ikke oplyst, så oversigtens dækning kan ikke vurderes', "The municipality's total IT spend is not given, so the inventory's coverage cannot be assessed"));
  } else if (cov.value < 1) {
    const share = formatPercent(lang())(cov.value);
    lines.push(cov.basis === 'spend'
      ? tr(`Oversigten dækker ${share} af kommunens it-udgifter`, `The inventory covers ${share} of the municipality's IT spend`)
      : tr(`Oversigten dækker anslået ${share} af de systemer, en kommune af denne størrelse har`, `The inventory covers an estimated ${share} of the systems a municipality of this size has`));
  }
  return lines;
}

/** The «foreløbig» marker: a link to the summary that opens it. */
export function provisionalLink(): HTMLAnchorElement {
  const a = el('a', { className: 'provisional-link', attrs: { href: `#${MISSING_ID}` } }, tr('foreløbig – se hvad der mangler', 'provisional – see what is missing'));
  // The router re-renders on popstate, which a fragment navigation fires: open and scroll here instead.
  a.addEventListener('click', (event) => {
    event.preventDefault();
    revealMissing();
  });
  return a;
}

/** Opens the summary, scrolls to it and puts the focus on it (the marker, or a `#mangler` address). */
export function revealMissing(): void {
  const details = document.getElementById(MISSING_ID);
  if (!(details instanceof HTMLDetailsElement)) return;
  details.open = true;
  details.scrollIntoView({ block: 'start' });
  details.querySelector('summary')?.focus();
}


/** The summary as a <details> (open when the score is provisional); null when nothing is missing. */
export function missingInputsDetails(code: number, view: MunicipalityScoreView): HTMLDetailsElement | null {
  const confidence = view.score.confidence;
  const lines = missingLines(confidence, view.score.systemCount);
  if (confidence.missingInputs === undefined && confidence.provisional) {
    lines.unshift(tr('Scoren er beregnet før denne opgørelse fandtes; den vises efter næste genberegning', 'The score was computed before this summary existed; it appears after the next recompute'));
  }
  if (lines.length === 0) return null;
  const details = el('details', { id: MISSING_ID, className: 'missing-inputs' },
    el('summary', {}, confidence.provisional
      ? tr('Foreløbig: hvad mangler, før tallene er endelige?', 'Provisional: what is missing before the figures are final?')
      : tr('Hvad mangler i oversigten?', 'What is missing from the inventory?')),
    el('ul', {}, ...lines.map((l) => el('li', {}, l))),
    el('p', {}, tr('Ukendte oplysninger tæller som de værst mulige i bindingen. Udfyld dem i it-systemoversigten (fx KITOS med kontrakter) og ', 'Unknown inputs count at their worst in the lock-in. Fill them in the IT inventory (e.g. KITOS with contracts) and '),
      link(`/kommuner/${code}/import`, tr('importér den igen', 'import it again')), '.'),
  );
  details.open = confidence.provisional;
  return details;
}

/** One system's missing themes as a phrase: "kontrakt (slutdato og opsigelsesvarsel), exitplan"; '' when none. */
export function missingThemes(kinds: readonly MissingInputKind[] | undefined): string {
  const lower = (t: string) => (/^[A-ZÆØÅ]{2}/.test(t) ? t : t.charAt(0).toLocaleLowerCase(lang()) + t.slice(1));
  return (kinds ?? []).map((k) => lower(tr(missingInputLabels[k].da, missingInputLabels[k].en))).join(', ');
}

// One catalogue entry (route /katalog/{id}): its description and publiccode.yml facts, the
// maturity score with its components, the proprietary products it replaces, the municipalities
// that use it, their experience reports (and a form for contributors to add one), and its
// publiccode.yml.
import { categoryName } from '../../../server/src/domain/categories.ts';
import './catalogue.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import {
  type AlternativeDetail,
  checkPubliccode,
  type ExperienceReport,
  fetchAlternative,
  fetchExperienceReports,
  postExperienceReport,
  publiccodeUrl,
} from '../data/catalogue.ts';
import { el } from '../dom.ts';
import { errorLine, statusLine } from '../figure.ts';
import { collator, formatDay, formatInteger } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { apiErrors, canContribute, developmentStatusLabel, field, formatAms, formatScore, knownMetricsText, licenceText, maintenanceLabel, moderationTag, reason, say, showErrors, type Field } from './catalogue-ui.ts';
import { sourcesSection } from './catalogue-sources.ts';

export async function renderCatalogueEntry(main: HTMLElement, id: number, session: SessionView): Promise<void> {
  document.title = tr(`Alternativ ${id} – Handlefrihed`, `Alternative ${id} – Handlefrihed`);
  const h1 = el('h1', {}, tr(`Alternativ ${id}`, `Alternative ${id}`));
  const status = statusLine(tr('Henter alternativet …', 'Loading the alternative …'));
  main.replaceChildren(el('p', { className: 'back' }, link('/katalog', tr('← Alle åbne alternativer', '← All open-source alternatives'))), h1, status);
  let a: AlternativeDetail;
  try {
    a = await fetchAlternative(id);
  } catch (err) {
    status.replaceWith(errorLine(`${tr('Alternativet kunne ikke hentes', 'The alternative could not be loaded')}: ${reason(err)}`));
    return;
  }
  document.title = `${a.name} – ${tr('Åbne alternativer', 'Open-source alternatives')} – Handlefrihed`;
  h1.replaceChildren(a.name, ...moderationTag(a.moderationState).map((t) => el('span', {}, ' ', t)));
  const reports = el('div', { id: 'experience-reports' });
  main.append(
    ...moderationNote(a),
    descriptionSection(a),
    sourcesSection(a),
    maturitySection(a),
    replacesSection(a),
    municipalitiesSection(a),
    el('section', { className: 'panel', attrs: { 'aria-labelledby': 'reports-heading' } }, el('h2', { id: 'reports-heading' }, tr('Erfaringer fra kommunerne', "Municipalities' experience")), reports),
    publiccodeSection(a),
  );
  status.textContent = tr(`${a.name}: licens, modenhed, brug og erfaringer.`, `${a.name}: licence, maturity, use and experience.`);
  await showReports(reports, a, session);
}

function moderationNote(a: AlternativeDetail): HTMLElement[] {
  if (!a.moderation || a.moderationState === 'published') return [];
  const text = a.moderationState === 'pending'
    ? tr('Dit forslag afventer en moderators afgørelse. Indtil da kan kun du og moderatorerne se det.', 'Your proposal awaits a moderator’s decision. Until then only you and the moderators can see it.')
    : a.moderationState === 'rejected'
      ? tr('Forslaget er afvist.', 'The proposal was rejected.')
      : '';
  if (!text) return [];
  return [el('p', { className: 'notice' }, text, ...(a.moderation.note ? [' ', tr('Moderatorens begrundelse: ', "The moderator's reason: "), el('q', {}, a.moderation.note)] : []))];
}

function descriptionSection(a: AlternativeDetail): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'about-heading' } }, el('h2', { id: 'about-heading' }, tr('Om alternativet', 'About the alternative')));
  // The description in the reader's language when there is one, else the other, marked with its language.
  const [own, other, otherLang] = lang() === 'en' ? [a.descriptionEn, a.descriptionDa, 'da'] : [a.descriptionDa, a.descriptionEn, 'en'];
  if (own) section.append(el('p', { className: 'description' }, own));
  else if (other) section.append(el('p', { className: 'description', attrs: { lang: otherLang } }, other));
  else section.append(el('p', {}, tr('Kataloget har ingen beskrivelse af alternativet endnu.', 'The catalogue has no description of the alternative yet.')));
  const fact = (term: string, ...value: (Node | string)[]) => [el('dt', {}, term), el('dd', {}, ...value)];
  const url = (href: string | null) => (href ? [el('a', { attrs: { href, rel: 'noopener' } }, href)] : [tr('Ukendt', 'Unknown')]);
  const list = (xs: string[]) => (xs.length ? [...xs].sort((x, y) => collator.compare(x, y)).join(', ') : tr('Ukendt', 'Unknown'));
  section.append(
    el(
      'dl',
      { className: 'facts', id: 'entry-facts' },
      ...fact(tr('Licens (SPDX)', 'Licence (SPDX)'), licenceText(a.spdxLicense), ...(a.spdxLicense && !a.licenseVerified ? [' ', el('span', { className: 'tag' }, tr('ikke efterprøvet', 'not checked'))] : [])),
      ...fact(tr('Udviklingsstatus', 'Development status'), developmentStatusLabel(a.developmentStatus)),
      ...fact(tr('Softwaretype', 'Software type'), a.softwareType ?? tr('Ukendt', 'Unknown')),
      ...fact(tr('Vedligeholdelse', 'Maintenance'), maintenanceLabel(a.maintenanceType)),
      ...fact(tr('Kategorier', 'Categories'), list(a.categories.map((c) => categoryName(c, lang())))),
      ...fact(tr('Platforme', 'Platforms'), list(a.platforms)),
      ...fact(tr('Forvalter', 'Steward'), a.steward && a.stewardVendorId ? link(`/leverandoerer/${a.stewardVendorId}`, a.steward) : tr('Ukendt', 'Unknown')),
      ...fact(tr('Seneste udgivelse', 'Last release'), a.lastReleaseAt ? formatDay(a.lastReleaseAt) : tr('Ukendt', 'Unknown')),
      ...fact(tr('Hjemmeside', 'Website'), ...url(a.url)),
      ...fact(tr('Kildekode', 'Source code'), ...url(a.repositoryUrl)),
    ),
  );
  return section;
}

function maturitySection(a: AlternativeDetail): HTMLElement {
  const m = a.maturity;
  const rows = m.components.map((c) =>
    el(
      'tr',
      {},
      el('th', { attrs: { scope: 'row' } }, c.metric),
      el('td', {}, say(c.text)),
      el('td', { className: 'num' }, c.known ? formatScore(c.value) : tr('ukendt', 'unknown')),
      el('td', { className: 'num' }, formatScore(c.weight)),
      el('td', {}, c.unknown.length ? c.unknown.join(', ') : '–'),
    ),
  );
  return el(
    'section',
    { className: 'panel', attrs: { 'aria-labelledby': 'maturity-heading' } },
    el('h2', { id: 'maturity-heading' }, tr('Modenhed', 'Maturity')),
    el('p', { className: 'big-figure' }, el('strong', { id: 'entry-ams' }, formatAms(m.ams)), ' ', m.ams === null ? tr('(Alternative Maturity Score, AMS: ingen mål kendt)', '(Alternative Maturity Score, AMS: no metric known)') : tr('af 100 (Alternative Maturity Score, AMS)', 'out of 100 (Alternative Maturity Score, AMS)')),
    el('p', {}, el('span', { id: 'entry-ams-known' }, `${knownMetricsText(m)}. `), say(m.note)),
    el(
      'div',
      { className: 'table-scroll' },
      el(
        'table',
        { className: 'data-table', id: 'maturity-table' },
        el('caption', {}, tr('Modenhedens dele: værdi 0–100 og vægt', 'The parts of the maturity score: value 0–100 and weight')),
        el('thead', {}, el('tr', {}, ...[tr('Måling', 'Metric'), tr('Regel', 'Rule'), tr('Værdi', 'Value'), tr('Vægt', 'Weight'), tr('Ukendte oplysninger', 'Unknown facts')].map((h, i) => el('th', { className: i === 2 || i === 3 ? 'num' : '', attrs: { scope: 'col' } }, h)))),
        el('tbody', {}, ...rows),
      ),
    ),
  );
}

function replacesSection(a: AlternativeDetail): HTMLElement {
  const section = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'replaces-heading' } }, el('h2', { id: 'replaces-heading' }, tr('Erstatter', 'Replaces')));
  if (!a.products.length) {
    section.append(el('p', {}, tr('Kataloget knytter endnu ikke alternativet til proprietære produkter.', 'The catalogue does not yet map the alternative onto proprietary products.')));
    return section;
  }
  const items = [...a.products].sort((x, y) => collator.compare(x.name, y.name)).map((p) =>
    el('li', {}, el('strong', {}, p.name), ...(p.fitNotes ? [': ', p.fitNotes] : []), ...(p.migrationEffort ? [` (${tr('migrering', 'migration')}: ${p.migrationEffort})`] : []), ...(p.verified ? [] : [' ', el('span', { className: 'tag' }, tr('ikke verificeret', 'not verified'))])),
  );
  section.append(el('ul', { id: 'replaces-list' }, ...items));
  return section;
}

function municipalitiesSection(a: AlternativeDetail): HTMLElement {
  const n = a.municipalities.length;
  const section = el(
    'section',
    { className: 'panel', attrs: { 'aria-labelledby': 'users-heading' } },
    el('h2', { id: 'users-heading' }, tr('Kommuner, der bruger det', 'Municipalities using it')),
    el('p', {}, n === 0
      ? tr('Ingen kommune har det i sin it-systemoversigt eller har skrevet om sine erfaringer endnu.', 'No municipality has it in its inventory or has written about its experience yet.')
      : n === 1
        ? tr('1 kommune har det i sin it-systemoversigt eller har skrevet om sine erfaringer.', '1 municipality has it in its inventory or has written about its experience.')
        : tr(`${formatInteger(n)} kommuner har det i deres it-systemoversigt eller har skrevet om deres erfaringer.`, `${formatInteger(n)} municipalities have it in their inventory or have written about their experience.`)),
  );
  if (n) section.append(el('ul', { className: 'municipality-columns', id: 'users-list' }, ...[...a.municipalities].sort((x, y) => collator.compare(x.name, y.name)).map((m) => el('li', {}, link(`/kommuner/${m.code}`, m.name)))));
  return section;
}

async function showReports(box: HTMLElement, a: AlternativeDetail, session: SessionView): Promise<void> {
  const status = statusLine(tr('Henter erfaringer …', 'Loading experience reports …'));
  box.replaceChildren(status);
  let reports: ExperienceReport[];
  try {
    reports = (await fetchExperienceReports(a.id)).items;
  } catch (err) {
    status.replaceWith(errorLine(`${tr('Erfaringerne kunne ikke hentes', 'The experience reports could not be loaded')}: ${reason(err)}`));
    return;
  }
  status.remove();
  if (!reports.length) box.append(el('p', {}, tr('Ingen har delt erfaringer med alternativet endnu.', 'Nobody has shared experience with the alternative yet.')));
  else box.append(el('ul', { className: 'reports' }, ...reports.map(reportItem)));
  if (canContribute(session) && a.moderationState !== 'rejected') box.append(reportForm(a, session, box));
}

function reportItem(r: ExperienceReport): HTMLElement {
  const meta = [r.author, ...(r.municipality ? [r.municipality] : []), formatDay(r.createdAt)].join(' · ');
  return el(
    'li',
    { className: 'report' },
    el('h3', {}, r.title, ...moderationTag(r.moderationState).map((t) => el('span', {}, ' ', t))),
    el('p', { className: 'meta' }, meta, ...(r.rating ? [' · ', tr(`vurdering ${r.rating} af 5`, `rated ${r.rating} of 5`)] : [])),
    el('p', {}, r.body),
    ...(r.moderation?.note ? [el('p', { className: 'meta' }, tr('Moderatorens begrundelse: ', "The moderator's reason: "), el('q', {}, r.moderation.note))] : []),
  );
}

function reportForm(a: AlternativeDetail, session: SessionView, box: HTMLElement): HTMLElement {
  const title = field('report-title', tr('Overskrift', 'Title'), el('input', { attrs: { type: 'text', maxlength: '200', required: '' } }));
  const body = field('report-body', tr('Jeres erfaringer', 'Your experience'), el('textarea', { attrs: { rows: '6', maxlength: '20000', required: '' } }), tr('Hvad brugte I det til, hvad virkede, og hvad var svært?', 'What did you use it for, what worked and what was hard?'));
  const rating = field('report-rating', tr('Vurdering', 'Rating'), el('select', {}, el('option', { attrs: { value: '' } }, tr('Ingen vurdering', 'No rating')), ...[5, 4, 3, 2, 1].map((n) => el('option', { attrs: { value: String(n) } }, tr(`${n} af 5`, `${n} of 5`)))));
  const municipality = field('report-municipality', tr('På vegne af', 'On behalf of'), el('select', {}, el('option', { attrs: { value: '' } }, tr('Ingen kommune (mig selv)', 'No municipality (myself)')), ...session.municipalities.map((c) => el('option', { attrs: { value: String(c) } }, tr(`Kommune ${c}`, `Municipality ${c}`)))));
  const fields = new Map<string, Field>([['title', title], ['body', body], ['rating', rating], ['municipalityCode', municipality]]);
  const summary = el('div', { className: 'error-summary', role: 'alert', attrs: { tabindex: '-1' } });
  summary.hidden = true;
  const done = el('p', { className: 'status', role: 'status' });
  const submit = el('button', { attrs: { type: 'submit' } }, tr('Send til moderation', 'Send for moderation'));
  const form = el(
    'form',
    { className: 'contribution-form', attrs: { 'aria-labelledby': 'report-form-heading', novalidate: '' } },
    el('h3', { id: 'report-form-heading' }, tr('Del jeres erfaringer', 'Share your experience')),
    el('p', { className: 'hint' }, tr('En moderator læser beretningen, før den bliver offentlig.', 'A moderator reads the report before it is published.')),
    summary,
    title.wrapper,
    body.wrapper,
    rating.wrapper,
    ...(session.municipalities.length ? [municipality.wrapper] : []),
    submit,
    done,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    done.textContent = '';
    const missing = [
      ...(title.control.value.trim() ? [] : [{ field: 'title', messages: [{ da: 'Skriv en overskrift', en: 'Write a title' }] }]),
      ...(body.control.value.trim() ? [] : [{ field: 'body', messages: [{ da: 'Skriv om jeres erfaringer', en: 'Write about your experience' }] }]),
    ];
    const heading = tr('Beretningen kan ikke sendes endnu', 'The report cannot be sent yet');
    if (missing.length) return showErrors(summary, fields, missing, heading);
    showErrors(summary, fields, [], heading);
    submit.disabled = true;
    postExperienceReport(a.id, {
      title: title.control.value,
      body: body.control.value,
      rating: rating.control.value ? Number(rating.control.value) : null,
      municipalityCode: municipality.control.value ? Number(municipality.control.value) : null,
    }).then(
      async () => {
        await showReports(box, a, session);
        box.querySelector<HTMLElement>('.contribution-form .status')!.textContent = tr('Tak. Beretningen afventer nu moderation.', 'Thank you. The report now awaits moderation.');
      },
      (err: unknown) => {
        submit.disabled = false;
        const groups = new Map<string | null, { da: string; en: string }[]>();
        for (const x of apiErrors(err)) {
          const k = x.field && fields.has(x.field) ? x.field : null;
          groups.set(k, [...(groups.get(k) ?? []), x.message]);
        }
        showErrors(summary, fields, [...groups].map(([field, messages]) => ({ field, messages })), heading);
      },
    );
  });
  return form;
}

function publiccodeSection(a: AlternativeDetail): HTMLElement {
  // Localisation as a publiccode.yml import stored it, else unknown: the reader states it; the server says what else is missing.
  const ready = el('input', { id: 'pc-localisation', attrs: { type: 'checkbox' } });
  ready.checked = a.localisation.ready === true;
  const languages = el('input', { id: 'pc-languages', attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'pc-languages-hint' } });
  languages.value = (a.localisation.languages ?? []).join(',');
  const download = el('a', { id: 'publiccode-link', attrs: { href: publiccodeUrl(a.id) } }, tr('Hent publiccode.yml', 'Get publiccode.yml'));
  const result = el('div', { role: 'status', id: 'publiccode-result' });
  const check = el('button', { attrs: { type: 'submit' } }, tr('Tjek filen', 'Check the file'));
  // An unknown readiness is sent only once the reader states it (ticks or unticks the box): an
  // untouched box is not a "no".
  let readyStated = a.localisation.ready !== null;
  const url = () => {
    const q = new URLSearchParams();
    if (readyStated) q.set('localisationReady', String(ready.checked));
    const langs = languages.value.split(/[\s,]+/).filter(Boolean).join(',');
    if (langs) q.set('availableLanguages', langs);
    const query = q.toString();
    return query ? `${publiccodeUrl(a.id)}?${query}` : publiccodeUrl(a.id);
  };
  const update = () => download.setAttribute('href', url());
  ready.addEventListener('change', () => {
    readyStated = true;
    update();
  });
  languages.addEventListener('input', update);
  const form = el(
    'form',
    { className: 'publiccode-form', attrs: { novalidate: '' } },
    el('div', { className: 'field checkbox' }, ready, ' ', el('label', { attrs: { for: 'pc-localisation' } }, tr('Brugerfladen er klar til oversættelse', 'The user interface is ready for translation'))),
    el('div', { className: 'field' }, el('label', { attrs: { for: 'pc-languages' } }, tr('Sprog i brugerfladen', 'User interface languages')), el('p', { className: 'hint', id: 'pc-languages-hint' }, tr('Sprogkoder adskilt af komma, fx da,en', 'Language codes separated by commas, e.g. da,en')), languages),
    el('p', {}, check, ' ', download),
    result,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    update();
    result.textContent = tr('Tjekker …', 'Checking …');
    checkPubliccode(url()).then(
      (r) => {
        if (r.ok) result.replaceChildren(el('p', {}, tr('Filen er gyldig publiccode.yml.', 'The file is valid publiccode.yml.')));
        else {
          result.replaceChildren(
            el('p', {}, tr('Kataloget mangler oplysninger, som publiccode.yml kræver:', 'The catalogue lacks facts publiccode.yml requires:')),
            el('ul', {}, ...r.errors.map((x) => el('li', {}, `${x.field ?? ''}: ${say(x.message)}`))),
          );
        }
      },
      (err: unknown) => result.replaceChildren(el('p', { className: 'status error' }, reason(err))),
    );
  });
  return el(
    'section',
    { className: 'panel', attrs: { 'aria-labelledby': 'publiccode-heading' } },
    el('h2', { id: 'publiccode-heading' }, 'publiccode.yml'),
    el('p', {}, a.localisation.ready !== null && a.localisation.languages?.length
      ? tr('Posten som publiccode.yml 0.4, standarden for offentlig software. Lokaliseringen nedenfor er katalogets (se Kilder); ret den, hvis du ved bedre.', 'The entry as publiccode.yml 0.4, the standard for public software. The localisation below is the catalogue’s (see Sources); correct it if you know better.')
      : tr('Posten som publiccode.yml 0.4, standarden for offentlig software. Kataloget kender ikke brugerfladens sprog: angiv dem her.', 'The entry as publiccode.yml 0.4, the standard for public software. The catalogue does not know the interface languages: give them here.')),
    form,
  );
}

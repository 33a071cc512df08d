// Propose a new open-source alternative (route /katalog/bidrag, contributors): a form with
// publiccode.yml's facts, checked in the browser by the server's rules for fast feedback, then by
// the server (its SPDX list, duplicates); every error is shown at its field, linked with
// aria-describedby and summarised in an alert. A proposal waits for a moderator.
import { categoryName } from '../../../server/src/domain/categories.ts';
import './catalogue.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import { fetchProducts, proposeAlternative, type ProductRow } from '../data/catalogue.ts';
import { el } from '../dom.ts';
import { statusLine } from '../figure.ts';
import { collator } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { apiErrors, canContribute, developmentStatusLabel, type Field, field, maintenanceLabel, noAccess, reason, showErrors } from './catalogue-ui.ts';
import { errorsByField, PUBLICCODE_VOCABULARY, type ProposalField, type ProposalForm, toProposal, validateProposal } from './catalogue-validation.ts';

const COMMON_LICENSES = ['AGPL-3.0-only', 'AGPL-3.0-or-later', 'Apache-2.0', 'BSD-3-Clause', 'EUPL-1.2', 'GPL-2.0-only', 'GPL-3.0-only', 'GPL-3.0-or-later', 'LGPL-3.0-or-later', 'MIT', 'MPL-2.0'];

const options = (values: readonly string[], label: (v: string) => string, none?: string) => [
  ...(none ? [el('option', { attrs: { value: '' } }, none)] : []),
  ...values.map((v) => el('option', { attrs: { value: v } }, label(v))),
];

export async function renderCatalogueContribute(main: HTMLElement, session: SessionView): Promise<void> {
  document.title = tr('Foreslå et åbent alternativ – Handlefrihed', 'Propose an open-source alternative – Handlefrihed');
  const h1 = el('h1', {}, tr('Foreslå et åbent alternativ', 'Propose an open-source alternative'));
  const back = el('p', { className: 'back' }, link('/katalog', tr('← Alle åbne alternativer', '← All open-source alternatives')));
  if (!canContribute(session)) {
    main.replaceChildren(back, h1, noAccess(session, { da: 'foreslå alternativer til kataloget', en: 'propose alternatives to the catalogue' }));
    return;
  }
  const status = statusLine(tr('Henter produkterne …', 'Loading the products …'));
  main.replaceChildren(back, h1, status);
  let products: ProductRow[] = [];
  try {
    products = (await fetchProducts()).items.filter((p) => p.licenseModel !== 'open_source');
    status.textContent = '';
  } catch (err) {
    // The form works without the product list; only the mapping is left out.
    status.textContent = `${tr('Produktlisten kunne ikke hentes, så forslaget kan ikke knyttes til produkter', 'The product list could not be loaded, so the proposal cannot be mapped onto products')}: ${reason(err)}`;
  }
  main.append(
    el('p', { className: 'lead' }, tr(
      'Beskriv softwaren med de oplysninger, publiccode.yml bruger. En moderator tjekker forslaget, før det kommer i kataloget.',
      'Describe the software with the facts publiccode.yml uses. A moderator checks the proposal before it enters the catalogue.',
    )),
    contributionForm(main, products),
  );
}

function contributionForm(main: HTMLElement, products: ProductRow[]): HTMLFormElement {
  const text = (attrs: Record<string, string> = {}) => el('input', { attrs: { type: 'text', autocomplete: 'off', ...attrs } });
  const v = PUBLICCODE_VOCABULARY;
  const f: Record<ProposalField, Field> = {
    name: field('name', tr('Navn (påkrævet)', 'Name (required)'), text({ maxlength: '200' })),
    repositoryUrl: field('repositoryUrl', tr('Kildekodens repository', 'Source repository'), text({ type: 'url', inputmode: 'url' }), tr('fx https://github.com/os2/os2mo.git. Angiv repository, hjemmeside eller begge.', 'e.g. https://github.com/os2/os2mo.git. Give the repository, the website or both.')),
    url: field('url', tr('Hjemmeside', 'Website'), text({ type: 'url', inputmode: 'url' }), tr('http(s)-adresse', 'An http(s) address')),
    spdxLicense: field('spdxLicense', tr('Licens som SPDX-udtryk (påkrævet)', 'Licence as an SPDX expression (required)'), text({ list: 'spdx-suggestions', spellcheck: 'false' }), tr('fx MPL-2.0 eller GPL-3.0-only OR MIT. Licensen skal være open source.', 'e.g. MPL-2.0 or GPL-3.0-only OR MIT. The licence must be open source.')),
    softwareType: field('softwareType', tr('Softwaretype', 'Software type'), el('select', {}, ...options(v.softwareType, (s) => s, tr('Ikke angivet', 'Not given')))),
    developmentStatus: field('developmentStatus', tr('Udviklingsstatus', 'Development status'), el('select', {}, ...options(v.developmentStatus, developmentStatusLabel, tr('Ikke angivet', 'Not given')))),
    maintenanceType: field('maintenanceType', tr('Vedligeholdelse', 'Maintenance'), el('select', {}, ...options(v.maintenanceType, maintenanceLabel, tr('Ikke angivet', 'Not given')))),
    categories: field('categories', tr('Kategorier', 'Categories'), el('select', { attrs: { multiple: '', size: '8' } }, ...options([...v.categories].sort((a, b) => collator.compare(categoryName(a, lang()), categoryName(b, lang()))), (c) => categoryName(c, lang()))), tr('publiccode.yml’s kategorier. Vælg flere med Ctrl eller Skift.', "publiccode.yml's categories. Choose several with Ctrl or Shift.")),
    platforms: field('platforms', tr('Platforme', 'Platforms'), text(), tr(`Adskilt af komma, fx ${v.platformsSuggested.join(', ')}`, `Separated by commas, e.g. ${v.platformsSuggested.join(', ')}`)),
    lastReleaseAt: field('lastReleaseAt', tr('Seneste udgivelse', 'Last release'), text({ inputmode: 'numeric', placeholder: 'åååå-mm-dd' }), tr('Datoen skrevet åååå-mm-dd', 'The date written yyyy-mm-dd')),
    descriptionDa: field('descriptionDa', tr('Beskrivelse på dansk', 'Description in Danish'), el('textarea', { attrs: { rows: '5', lang: 'da' } }), tr('Beskriv alternativet på dansk, engelsk eller begge.', 'Describe the alternative in Danish, English or both.')),
    descriptionEn: field('descriptionEn', tr('Beskrivelse på engelsk', 'Description in English'), el('textarea', { attrs: { rows: '5', lang: 'en' } })),
    featuresDa: field('featuresDa', tr('Funktioner (dansk)', 'Features (Danish)'), el('textarea', { attrs: { rows: '4', lang: 'da' } }), tr('Én funktion pr. linje. publiccode.yml kræver mindst én til hver beskrivelse, før posten kan eksporteres.', 'One feature a line. publiccode.yml needs at least one for each description before the entry can be exported.')),
    featuresEn: field('featuresEn', tr('Funktioner (engelsk)', 'Features (English)'), el('textarea', { attrs: { rows: '4', lang: 'en' } })),
    localisationReady: field('localisationReady', tr('Klar til oversættelse', 'Ready for translation'), el('select', {}, ...options(['true', 'false'], (x) => (x === 'true' ? tr('Ja', 'Yes') : tr('Nej', 'No')), tr('Ikke angivet', 'Not given')))),
    availableLanguages: field('availableLanguages', tr('Sprog i brugerfladen', 'User interface languages'), text({ spellcheck: 'false' }), tr('Sprogkoder adskilt af komma, fx da,en', 'Language codes separated by commas, e.g. da,en')),
    productIds: field('productIds', tr('Proprietære produkter, det kan erstatte', 'Proprietary products it can replace'), el('select', { attrs: { multiple: '', size: '8' } }, ...[...products].sort((a, b) => collator.compare(a.name, b.name)).map((p) => el('option', { attrs: { value: String(p.id) } }, p.name))), tr('Vælg flere med Ctrl eller Skift.', 'Choose several with Ctrl or Shift.')),
    fitNotes: field('fitNotes', tr('Hvorfor passer det til produkterne?', 'Why does it fit those products?'), el('textarea', { attrs: { rows: '3' } })),
  };
  const fields = new Map<string, Field>(Object.entries(f));
  const summary = el('div', { className: 'error-summary', id: 'error-summary', role: 'alert', attrs: { tabindex: '-1' } });
  summary.hidden = true;
  const submit = el('button', { attrs: { type: 'submit' } }, tr('Send forslaget', 'Send the proposal'));
  const selected = (s: Field['control']) => [...(s as HTMLSelectElement).selectedOptions].map((o) => o.value);
  const read = (): ProposalForm => ({
    name: f.name.control.value,
    repositoryUrl: f.repositoryUrl.control.value,
    url: f.url.control.value,
    spdxLicense: f.spdxLicense.control.value,
    softwareType: f.softwareType.control.value,
    developmentStatus: f.developmentStatus.control.value,
    maintenanceType: f.maintenanceType.control.value,
    categories: selected(f.categories.control),
    platforms: f.platforms.control.value,
    lastReleaseAt: f.lastReleaseAt.control.value,
    descriptionDa: f.descriptionDa.control.value,
    descriptionEn: f.descriptionEn.control.value,
    featuresDa: f.featuresDa.control.value,
    featuresEn: f.featuresEn.control.value,
    localisationReady: f.localisationReady.control.value,
    availableLanguages: f.availableLanguages.control.value,
    productIds: selected(f.productIds.control).map(Number),
    fitNotes: f.fitNotes.control.value,
  });
  const heading = tr('Forslaget har fejl', 'The proposal has errors');
  const group = (legend: string, ...children: HTMLElement[]) => el('fieldset', {}, el('legend', {}, legend), ...children);
  const form = el(
    'form',
    { className: 'contribution-form', id: 'contribution-form', attrs: { novalidate: '', 'aria-label': tr('Forslag til kataloget', 'Proposal for the catalogue') } },
    summary,
    group(tr('Softwaren', 'The software'), f.name.wrapper, f.repositoryUrl.wrapper, f.url.wrapper, f.spdxLicense.wrapper, el('datalist', { id: 'spdx-suggestions' }, ...COMMON_LICENSES.map((l) => el('option', { attrs: { value: l } })))),
    group(tr('Status og type', 'Status and type'), f.softwareType.wrapper, f.developmentStatus.wrapper, f.maintenanceType.wrapper, f.lastReleaseAt.wrapper, f.categories.wrapper, f.platforms.wrapper),
    group(tr('Beskrivelse', 'Description'), f.descriptionDa.wrapper, f.descriptionEn.wrapper, f.featuresDa.wrapper, f.featuresEn.wrapper),
    group(tr('Sprog', 'Languages'), f.localisationReady.wrapper, f.availableLanguages.wrapper),
    group(tr('Hvad det erstatter', 'What it replaces'), f.productIds.wrapper, f.fitNotes.wrapper),
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values = read();
    const problems = validateProposal(values);
    if (problems.length) return showErrors(summary, fields, errorsByField(problems), heading);
    showErrors(summary, fields, [], heading);
    submit.disabled = true;
    submit.textContent = tr('Sender …', 'Sending …');
    proposeAlternative(toProposal(values)).then(
      (created) => {
        const done = el(
          'section',
          { className: 'success', id: 'contribution-done', role: 'status', attrs: { 'aria-labelledby': 'done-heading' } },
          el('h2', { id: 'done-heading' }, tr('Tak for forslaget', 'Thank you for the proposal')),
          el('p', {}, tr(`${created.name} er modtaget og afventer moderation. Indtil en moderator har godkendt det, kan kun du og moderatorerne se det.`, `${created.name} has been received and awaits moderation. Until a moderator approves it, only you and the moderators can see it.`)),
          el('p', {}, link(`/katalog/${created.id}`, tr(`Se dit forslag: ${created.name}`, `See your proposal: ${created.name}`)), ' · ', link('/katalog', tr('Til kataloget', 'To the catalogue'))),
        );
        form.replaceWith(done);
        main.querySelector('.lead')?.remove();
      },
      (err: unknown) => {
        submit.disabled = false;
        submit.textContent = tr('Send forslaget', 'Send the proposal');
        showErrors(summary, fields, errorsByField(apiErrors(err)), heading);
      },
    );
  });
  return form;
}

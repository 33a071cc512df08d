// The moderation queue (route /katalog/moderation, moderators): proposed alternatives and
// experience reports waiting for a decision, oldest first; each is approved or rejected with a
// reason (required to reject: the author sees it). Vendors created by imports, local to their
// municipality, are adopted into the shared catalogue or merged into an existing vendor. Others
// are told they have no access.
import { categoryName } from '../../../server/src/domain/categories.ts';
import './catalogue.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import { ApiError } from '../data/api.ts';
import {
  adoptProduct,
  type AlternativeRow,
  type Decision,
  type ExperienceReport,
  fetchModerationQueue,
  type LocalProduct,
  mergeProduct,
  moderateAlternative,
  moderateExperienceReport,
  type ModerationQueue,
  reviewVendor,
  type UnreviewedVendor,
} from '../data/catalogue.ts';
import { el } from '../dom.ts';
import { errorLine, statusLine } from '../figure.ts';
import { collator, formatDay, formatInteger } from '../format.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { apiErrors, canModerate, developmentStatusLabel, field, noAccess, reason, say, setFieldError } from './catalogue-ui.ts';

const ACCESS = { da: 'moderere kataloget', en: 'moderate the catalogue' };

export async function renderCatalogueModeration(main: HTMLElement, session: SessionView): Promise<void> {
  document.title = tr('Moderation af kataloget – Handlefrihed', 'Catalogue moderation – Handlefrihed');
  const h1 = el('h1', {}, tr('Moderation af kataloget', 'Catalogue moderation'));
  const back = el('p', { className: 'back' }, link('/katalog', tr('← Alle åbne alternativer', '← All open-source alternatives')));
  if (!canModerate(session)) {
    main.replaceChildren(back, h1, noAccess(session, ACCESS));
    return;
  }
  const status = statusLine(tr('Henter køen …', 'Loading the queue …'));
  main.replaceChildren(back, h1, status);
  let queue: ModerationQueue;
  try {
    queue = await fetchModerationQueue();
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) status.replaceWith(noAccess(session, ACCESS));
    else status.replaceWith(errorLine(`${tr('Køen kunne ikke hentes', 'The queue could not be loaded')}: ${reason(err)}`));
    return;
  }
  // One polite announcement line for the decisions, so the page does not jump.
  const announce = el('p', { className: 'status', id: 'moderation-status', role: 'status', attrs: { 'aria-live': 'polite', tabindex: '-1' } });
  const counts = () => {
    const a = main.querySelectorAll('#queue-alternatives .queue-item').length;
    const r = main.querySelectorAll('#queue-reports .queue-item').length;
    return tr(
      `Venter: ${formatInteger(a)} forslag og ${formatInteger(r)} ${r === 1 ? 'erfaringsberetning' : 'erfaringsberetninger'}.`,
      `Waiting: ${formatInteger(a)} ${a === 1 ? 'proposal' : 'proposals'} and ${formatInteger(r)} experience ${r === 1 ? 'report' : 'reports'}.`,
    );
  };
  const summary = el('p', { id: 'queue-summary' });
  const onDecided = (text: string) => {
    summary.textContent = counts();
    announce.textContent = text;
  };
  status.remove();
  main.append(
    summary,
    announce,
    queueSection('queue-alternatives', tr('Foreslåede alternativer', 'Proposed alternatives'), tr('Ingen forslag venter.', 'No proposals are waiting.'), queue.alternatives.items.map((a) => alternativeItem(a, onDecided))),
    queueSection('queue-reports', tr('Erfaringsberetninger', 'Experience reports'), tr('Ingen beretninger venter.', 'No reports are waiting.'), queue.experienceReports.items.map((r) => reportItem(r, onDecided))),
    queueSection('queue-vendors', tr('Leverandører fra importer', 'Vendors from imports'), tr('Ingen leverandører venter.', 'No vendors are waiting.'), queue.vendors.items.map((v) => vendorItem(v, onDecided))),
    queueSection('queue-local-products', tr('Kommunernes egne systemer', "Municipalities' own systems"), tr('Ingen systemer venter.', 'No systems are waiting.'), queue.localProducts.items.map((p) => localProductItem(p, onDecided))),
  );
  summary.textContent = counts();
}

function queueSection(id: string, heading: string, empty: string, items: HTMLElement[]): HTMLElement {
  return el(
    'section',
    { className: 'panel', id, attrs: { 'aria-labelledby': `${id}-heading` } },
    el('h2', { id: `${id}-heading` }, heading),
    items.length ? el('ul', { className: 'queue' }, ...items) : el('p', {}, empty),
  );
}

function alternativeItem(a: AlternativeRow, onDecided: (text: string) => void): HTMLElement {
  const facts = [
    `${tr('Licens', 'Licence')}: ${a.spdxLicense ?? tr('ukendt', 'unknown')}`,
    `${tr('Udviklingsstatus', 'Development status')}: ${developmentStatusLabel(a.developmentStatus)}`,
    ...(a.categories.length ? [`${tr('Kategorier', 'Categories')}: ${a.categories.map((c) => categoryName(c, lang())).sort((x, y) => collator.compare(x, y)).join(', ')}`] : []),
    ...(a.replaces.length ? [`${tr('Erstatter', 'Replaces')}: ${a.replaces.join(', ')}`] : []),
    `${tr('Foreslået', 'Proposed')} ${formatDay(a.updatedAt)}`,
  ];
  const description = a.descriptionDa ?? a.descriptionEn;
  const body = [
    el('p', { className: 'meta' }, facts.join(' · ')),
    ...(a.repositoryUrl ? [el('p', {}, tr('Kildekode: ', 'Source: '), el('a', { attrs: { href: a.repositoryUrl, rel: 'noopener' } }, a.repositoryUrl))] : []),
    ...(description ? [el('p', { attrs: a.descriptionDa ? { lang: 'da' } : { lang: 'en' } }, description)] : []),
  ];
  return decisionItem(`alt-${a.id}`, link(`/katalog/${a.id}`, a.name), body, (decision, note) => moderateAlternative(a.id, decision, note), (decision) =>
    decision === 'publish' ? tr(`${a.name} er godkendt og står nu i kataloget.`, `${a.name} is approved and now in the catalogue.`) : tr(`${a.name} er afvist.`, `${a.name} is rejected.`), onDecided);
}

/**
 * A system first seen in one municipality's file: only that municipality sees it until it is
 * adopted into the shared catalogue, or merged into the catalogue product it duplicates.
 */
function localProductItem(p: LocalProduct, onDecided: (text: string) => void): HTMLElement {
  const id = `local-${p.id}`;
  const meta = [
    `${p.municipality} (${p.municipalityCode})`,
    tr(`${formatInteger(p.usageCount)} i brug`, `${formatInteger(p.usageCount)} in use`),
    ...(p.rightsHolder ? [`${tr('Rettighedshaver', 'Rights holder')}: ${p.rightsHolder}`] : []),
    ...(p.category ? [`${tr('Kategori', 'Category')}: ${categoryName(p.category, lang())}`] : []),
    formatDay(p.createdAt),
  ].join(' · ');
  const into = field(`${id}-into`, tr('Sammenlæg med katalogprodukt (id)', 'Merge into catalogue product (id)'), el('input', { attrs: { type: 'number', min: '1', inputmode: 'numeric', value: p.sameNameProductId ? String(p.sameNameProductId) : '' } }));
  const adopt = el('button', { className: 'approve', attrs: { type: 'button', 'aria-describedby': `${id}-title` } }, tr('Optag i det fælles katalog', 'Adopt into the shared catalogue'));
  const merge = el('button', { attrs: { type: 'button', 'aria-describedby': `${id}-title` } }, tr('Sammenlæg', 'Merge'));
  const error = el('p', { className: 'form-error', role: 'alert', id: `${id}-alert` });
  const item = el('li', { className: 'queue-item', id },
    el('article', { attrs: { 'aria-labelledby': `${id}-title` } }, el('h3', { id: `${id}-title` }, p.name), el('p', { className: 'meta' }, meta), into.wrapper, el('p', { className: 'decision' }, adopt, ' ', merge), error));
  const run = (action: () => Promise<unknown>, done: string) => {
    error.textContent = '';
    adopt.disabled = merge.disabled = true;
    action().then(
      () => {
        item.remove();
        onDecided(done);
      },
      (err: unknown) => {
        adopt.disabled = merge.disabled = false;
        error.textContent = reason(err);
      },
    );
  };
  adopt.addEventListener('click', () => run(() => adoptProduct(p.id), tr(`${p.name} står nu i det fælles katalog.`, `${p.name} is now in the shared catalogue.`)));
  merge.addEventListener('click', () => {
    const target = Number((into.control as HTMLInputElement).value);
    if (!Number.isInteger(target) || target < 1) {
      setFieldError(into, [tr('Angiv id på et produkt i det fælles katalog.', 'Give the id of a product in the shared catalogue.')]);
      return;
    }
    setFieldError(into, []);
    run(() => mergeProduct(p.id, target), tr(`${p.name} er sammenlagt med produkt ${target}.`, `${p.name} is merged into product ${target}.`));
  });
  return item;
}

function reportItem(r: ExperienceReport, onDecided: (text: string) => void): HTMLElement {
  const meta = [r.author, ...(r.municipality ? [r.municipality] : []), formatDay(r.createdAt), ...(r.rating ? [tr(`vurdering ${r.rating} af 5`, `rated ${r.rating} of 5`)] : [])].join(' · ');
  const body = [el('p', { className: 'meta' }, tr('Om ', 'On '), link(`/katalog/${r.alternativeId}`, r.alternative), ' · ', meta), el('p', {}, r.body)];
  return decisionItem(`report-${r.id}`, r.title, body, (decision, note) => moderateExperienceReport(r.id, decision, note), (decision) =>
    decision === 'publish' ? tr(`Beretningen »${r.title}« er godkendt.`, `The report “${r.title}” is approved.`) : tr(`Beretningen »${r.title}« er afvist.`, `The report “${r.title}” is rejected.`), onDecided);
}

/** A vendor an import created: adopt it into the shared catalogue, or merge it into a vendor by id. */
function vendorItem(v: UnreviewedVendor, onDecided: (text: string) => void): HTMLElement {
  const id = `vendor-${v.id}`;
  const facts = [
    v.municipality,
    ...(v.cvr ? [`CVR ${v.cvr}`] : []),
    ...(v.cvrAsWritten ? [tr(`CVR som skrevet: ${v.cvrAsWritten} (ugyldigt)`, `CVR as written: ${v.cvrAsWritten} (invalid)`)] : []),
    tr(`i ${formatInteger(v.usageCount)} aktuel oversigt`, `in ${formatInteger(v.usageCount)} current inventory`),
    formatDay(v.createdAt),
  ];
  const into = field(`${id}-into`, tr('Flet ind i leverandør (id)', 'Merge into vendor (id)'), el('input', { attrs: { type: 'number', min: '1', inputmode: 'numeric' } }));
  const adopt = el('button', { className: 'approve', attrs: { type: 'button', 'aria-describedby': `${id}-title` } }, tr('Optag i det fælles katalog', 'Adopt into the shared catalogue'));
  const merge = el('button', { attrs: { type: 'button', 'aria-describedby': `${id}-title` } }, tr('Flet', 'Merge'));
  const error = el('p', { className: 'form-error', role: 'alert', id: `${id}-alert` });
  const item = el(
    'li',
    { className: 'queue-item', id },
    el(
      'article',
      { attrs: { 'aria-labelledby': `${id}-title` } },
      el('h3', { id: `${id}-title` }, link(`/leverandoerer/${v.id}`, v.name)),
      el('p', { className: 'meta' }, facts.join(' · ')),
      ...(v.notes ? [el('p', {}, v.notes)] : []),
      into.wrapper,
      el('p', { className: 'decision' }, adopt, ' ', merge),
      error,
    ),
  );
  const run = (review: { decision: 'adopt' } | { decision: 'merge'; into: number }) => {
    error.textContent = '';
    adopt.disabled = merge.disabled = true;
    reviewVendor(v.id, review).then(
      () => {
        item.remove();
        onDecided(review.decision === 'adopt' ? tr(`${v.name} står nu i det fælles katalog.`, `${v.name} is now in the shared catalogue.`) : tr(`${v.name} er flettet.`, `${v.name} is merged.`));
        document.getElementById('moderation-status')?.focus?.();
      },
      (err: unknown) => {
        adopt.disabled = merge.disabled = false;
        error.textContent = apiErrors(err).map((x) => say(x.message)).join(' ');
      },
    );
  };
  adopt.addEventListener('click', () => run({ decision: 'adopt' }));
  merge.addEventListener('click', () => {
    const target = Number((into.control as HTMLInputElement).value);
    if (!Number.isInteger(target) || target < 1) {
      setFieldError(into, [tr('Skriv id på den leverandør, der skal blive tilbage.', 'Give the id of the vendor that remains.')]);
      into.control.focus();
      return;
    }
    setFieldError(into, []);
    run({ decision: 'merge', into: target });
  });
  return item;
}

/** One waiting item with its reason field and Approve/Reject; rejecting without a reason is refused at the field. */
function decisionItem(
  id: string,
  title: Node | string,
  body: HTMLElement[],
  decide: (decision: Decision, note: string | null) => Promise<unknown>,
  doneText: (decision: Decision) => string,
  onDecided: (text: string) => void,
): HTMLElement {
  const note = field(`${id}-note`, tr('Begrundelse (kræves ved afvisning; forfatteren ser den)', 'Reason (required to reject; the author sees it)'), el('textarea', { attrs: { rows: '2', maxlength: '2000' } }));
  const approve = el('button', { className: 'approve', attrs: { type: 'button' } }, tr('Godkend', 'Approve'));
  const reject = el('button', { className: 'reject', attrs: { type: 'button' } }, tr('Afvis', 'Reject'));
  const error = el('p', { className: 'form-error', role: 'alert', id: `${id}-alert` });
  const item = el(
    'li',
    { className: 'queue-item', id },
    el('article', { attrs: { 'aria-labelledby': `${id}-title` } }, el('h3', { id: `${id}-title` }, title), ...body, note.wrapper, el('p', { className: 'decision' }, approve, ' ', reject), error),
  );
  // The buttons are named by the item too ("Godkend" alone is ambiguous in a list).
  approve.setAttribute('aria-describedby', `${id}-title`);
  reject.setAttribute('aria-describedby', `${id}-title`);
  const run = (decision: Decision) => {
    const text = note.control.value.trim();
    error.textContent = '';
    setFieldError(note, []);
    if (decision === 'reject' && !text) {
      setFieldError(note, [tr('Skriv en begrundelse til forfatteren.', 'Give the author a reason.')]);
      error.textContent = tr('Afvisningen mangler en begrundelse.', 'The rejection needs a reason.');
      note.control.focus();
      return;
    }
    approve.disabled = reject.disabled = true;
    decide(decision, text || null).then(
      () => {
        const list = item.parentElement;
        const next = (item.nextElementSibling ?? item.previousElementSibling)?.querySelector<HTMLElement>('textarea');
        item.remove();
        if (list && !list.children.length) list.replaceWith(el('p', {}, tr('Køen er tom.', 'The queue is empty.')));
        onDecided(doneText(decision));
        (next ?? document.getElementById('moderation-status'))?.focus?.();
      },
      (err: unknown) => {
        approve.disabled = reject.disabled = false;
        const messages = apiErrors(err).map((x) => say(x.message));
        error.textContent = messages.join(' ');
      },
    );
  };
  approve.addEventListener('click', () => run('publish'));
  reject.addEventListener('click', () => run('reject'));
  return item;
}

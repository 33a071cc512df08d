// A system's exit plan (route /systemer/{usageId}/exitplan): the Data Act / Dutch checklist as a
// form in fieldsets, its completeness, and F9 (exit readiness) before and after saving. Only the
// municipality's architects may save; everyone else who may see the inventory reads it.
import './cooperation.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import { numberFormat } from '../charts/common.ts';
import { ApiError } from '../data/api.ts';
import { type ExitPlanInput, type ExitPlanSaved, type ExitPlanView, fetchExitPlan, saveExitPlan } from '../data/exit-plan.ts';
import { el } from '../dom.ts';
import { formatDay } from '../format.ts';
import { errorLine, statusLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { systemHref } from '../system-href.ts';
import { link } from '../router.ts';

type Text = { da: string; en: string };
const say = (t: Text): string => t[lang()];
const two = () => numberFormat(lang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const provenance: Record<string, Text> = {
  evidence: { da: 'dokumenteret', en: 'evidence' },
  declared: { da: 'oplyst', en: 'declared' },
  catalogue: { da: 'katalog', en: 'catalogue' },
  inferred: { da: 'udledt', en: 'inferred' },
  unknown: { da: 'ukendt', en: 'unknown' },
};

const canWrite = (session: SessionView | undefined, code: number) =>
  !!session?.grants.some((g) => g.role === 'admin' || (g.role === 'architect' && g.municipalityCode === code));

/** A labelled control with its own error line, linked by aria-describedby. */
function field(id: string, label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const describedBy = [`${id}-error`, ...(hint ? [`${id}-hint`] : [])].join(' ');
  control.id = id;
  control.setAttribute('aria-describedby', describedBy);
  return el('div', { className: 'field' },
    el('label', { attrs: { for: id } }, label),
    ...(hint ? [el('p', { className: 'hint', id: `${id}-hint` }, hint)] : []),
    control,
    el('p', { className: 'field-error', id: `${id}-error` }));
}
const input = (type: string, value: string | number | null, attrs: Record<string, string> = {}) =>
  el('input', { attrs: { type, value: value === null ? '' : String(value), ...attrs } });
const textarea = (value: string | null) => {
  const t = el('textarea', { attrs: { rows: '4' } });
  t.value = value ?? '';
  return t;
};

const savedLine = (v: ExitPlanView) =>
  v.saved ? tr(`Senest gemt ${formatDay(v.saved.updatedAt)} af ${v.saved.updatedBy}.`, `Last saved ${formatDay(v.saved.updatedAt)} by ${v.saved.updatedBy}.`) : '';

export async function renderExitPlan(main: HTMLElement, usageId: number, session?: SessionView): Promise<void> {
  document.title = `${tr('Exitplan', 'Exit plan')} – Handlefrihed`;
  const h1 = el('h1', {}, tr('Exitplan', 'Exit plan'));
  const status = statusLine(tr('Henter exitplanen …', 'Loading the exit plan …'));
  const back = el('p', { className: 'back' }, link(`/systemer/${usageId}`, tr('← Systemet', '← The system')));
  main.replaceChildren(back, h1, status);
  let view: ExitPlanView;
  try {
    view = await fetchExitPlan(usageId);
    back.replaceChildren(link(systemHref(view.municipalityCode, view.usageKey), tr('← Systemet', '← The system')));
  } catch (err) {
    const text = err instanceof ApiError && (err.status === 401 || err.status === 403)
      ? tr('Du har ikke adgang til denne kommunes it-oversigt og dermed heller ikke til systemets exitplan.', 'You do not have access to this municipality’s IT inventory, and so not to the system’s exit plan either.')
      : `${tr('Exitplanen kunne ikke hentes', 'The exit plan could not be loaded')}: ${err instanceof Error ? err.message : String(err)}`;
    status.replaceWith(errorLine(text));
    return;
  }
  h1.textContent = `${tr('Exitplan', 'Exit plan')}: ${view.systemName}`;
  document.title = `${h1.textContent} – Handlefrihed`;
  const writable = canWrite(session, view.municipalityCode) && view.current;
  const scorePanel = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'exit-plan-f9-heading' } });
  const completenessPanel = el('section', { className: 'panel', attrs: { 'aria-labelledby': 'exit-plan-completeness-heading' } });
  const show = (v: ExitPlanView, before: ExitPlanSaved['before'] | undefined) => {
    scorePanel.replaceChildren(...scoreSection(v, before));
    completenessPanel.replaceChildren(...completenessSection(v));
  };
  show(view, undefined);
  status.textContent = view.saved
    ? savedLine(view)
    : tr('Der er ikke gemt en exitplan endnu. Formularen er udfyldt med systemets integrationer og opsigelsesfrist.', 'No exit plan has been saved yet. The form is prefilled with the system’s integrations and notice deadline.');
  main.append(
    el('p', {}, tr(
      'Tjeklisten bygger på EU’s dataforordning (Data Act art. 23–31: opsigelse, overgangsperiode, dataformater og eksport) og det hollandske krav om en selvtestet exitplan for både et planlagt skift og et pludseligt bortfald. En gemt plan bliver grundlaget for F9 Exitparathed: oplyst, eller dokumenteret, når planen har en testdato og et vedhæftet dokument.',
      'The checklist follows the EU Data Act (Arts. 23–31: notice, transition period, data formats and export) and the Dutch requirement of a self-tested exit plan for both a planned switch and a sudden loss of service. A saved plan becomes the basis of F9 Exit readiness: declared, or evidence when the plan has a test date and an attached document.',
    )),
    scorePanel,
    completenessPanel,
    planForm(view, writable, (saved) => {
      view = saved;
      show(saved, saved.before);
      status.textContent = savedLine(saved);
    }),
  );
}

function scoreSection(v: ExitPlanView, before: ExitPlanSaved['before'] | undefined): HTMLElement[] {
  const heading = el('h2', { id: 'exit-plan-f9-heading' }, tr('F9 Exitparathed', 'F9 Exit readiness'));
  const describe = (s: NonNullable<ExitPlanView['score']>) =>
    tr(`${say(s.f9.ruleText)}; kilde: ${say(provenance[s.f9.provenance] ?? provenance.unknown!)}; sikkerhed for F9 ${two()(s.f9.confidence)}; systemets L ${Math.round(s.lockin)} (bånd ${s.band}), datasikkerhed ${two()(s.confidence)}`,
      `${say(s.f9.ruleText)}; source: ${say(provenance[s.f9.provenance] ?? provenance.unknown!)}; F9 confidence ${two()(s.f9.confidence)}; the system’s L ${Math.round(s.lockin)} (band ${s.band}), data confidence ${two()(s.confidence)}`);
  const box = (id: string, label: string, s: NonNullable<ExitPlanView['score']>) =>
    el('div', { className: 'figure-box', id }, el('dt', {}, label), el('dd', {}, el('span', { className: 'big' }, String(s.f9.value)), el('span', { className: 'detail' }, describe(s))));
  if (!v.score) return [heading, el('p', {}, tr('Systemet er ikke scoret endnu.', 'The system has not been scored yet.'))];
  const boxes = before
    ? [box('f9-before', tr('Før du gemte', 'Before saving'), before), box('f9-after', tr('Efter du gemte', 'After saving'), v.score)]
    : [box('f9-now', tr('Nu', 'Now'), v.score)];
  return [heading, el('dl', { className: 'headline', id: 'exit-plan-f9' }, ...boxes),
    el('p', { className: 'chart-note' }, tr('0 = klar til exit, 100 = ingen plan. F9 vejer 10 af 100 i systemets binding L.', '0 = ready to exit, 100 = no plan. F9 weighs 10 of 100 in the system’s lock-in L.'))];
}

function completenessSection(v: ExitPlanView): HTMLElement[] {
  const c = v.completeness;
  const list = el('ul', { className: 'checklist', id: 'exit-plan-checklist' });
  for (const item of c.items) {
    list.append(el('li', { className: item.done ? 'done' : 'missing', data: { item: item.id } },
      el('span', { className: 'mark', attrs: { 'aria-hidden': 'true' } }, item.done ? '✓' : '–'),
      el('span', { className: 'visually-hidden' }, item.done ? tr('Udfyldt: ', 'Done: ') : tr('Mangler: ', 'Missing: ')),
      el('strong', {}, say(item.label)), ` (${say(item.basis)})`,
      ...(item.note ? [el('span', { className: 'note' }, ` – ${say(item.note)}`)] : [])));
  }
  return [el('h2', { id: 'exit-plan-completeness-heading' }, tr('Tjekliste', 'Checklist')),
    el('p', { id: 'exit-plan-progress' }, tr(`${c.done} af ${c.total} punkter er udfyldt.`, `${c.done} of ${c.total} items are done.`)), list];
}

function planForm(view: ExitPlanView, writable: boolean, onSaved: (v: ExitPlanSaved) => void): HTMLElement {
  const p = view.plan;
  const owner = input('text', p.owner, { autocomplete: 'off' });
  const noticeDate = input('date', p.noticeDate);
  const transitionDays = input('number', p.transitionDays, { min: '1', max: '730', step: '1', inputmode: 'numeric' });
  const exportFormats = input('text', p.exportFormats.join(', '));
  const exportTestedAt = input('date', p.exportTestedAt);
  const plannedSwitch = textarea(p.plannedSwitch);
  const suddenLoss = textarea(p.suddenLoss);
  const lastTestedAt = input('date', p.lastTestedAt);
  const documentName = input('text', p.document?.name ?? null);
  const documentUrl = input('url', p.document?.url ?? null, { inputmode: 'url', placeholder: 'https://' });

  // Integrations: the system's current ones (prefilled) and any the saved plan still names.
  const known = new Map(p.integrations.map((i) => [i.usageKey, i]));
  const all = [...view.integrations.map((i) => known.get(i.usageKey) ?? { ...i, action: null }), ...p.integrations.filter((i) => !view.integrations.some((c) => c.usageKey === i.usageKey))];
  const integrationRows = all.map((i, n) => {
    const included = el('input', { id: `integration-${n}-included`, attrs: { type: 'checkbox' } });
    included.checked = known.has(i.usageKey) || !view.saved;
    const action = input('text', i.action);
    return { i, included, action, node: el('div', { className: 'integration' },
      el('div', { className: 'check' }, included, el('label', { attrs: { for: included.id } }, tr(`${i.name} skal genopbygges`, `${i.name} must be rebuilt`))),
      field(`integration-${n}-action`, tr(`Sådan genopbygges ${i.name}`, `How ${i.name} will be rebuilt`), action)) };
  });

  const fieldsets = [
    el('fieldset', {}, el('legend', {}, tr('Ansvar', 'Responsibility')),
      field('owner', tr('Navngiven ejer af planen (person eller rolle)', 'Named owner of the plan (person or role)'), owner)),
    el('fieldset', {}, el('legend', {}, tr('Opsigelse og overgang (Data Act art. 25)', 'Notice and transition (Data Act Art. 25)')),
      field('noticeDate', tr('Dato for opsigelse', 'Notice date'), noticeDate, tr('Seneste dag at opsige for at kunne forlade systemet ved næste exit. Data Act: højst 2 måneders varsel.', 'The last day to give notice to leave at the next exit. Data Act: at most 2 months’ notice.')),
      field('transitionDays', tr('Overgangsperiode i dage', 'Transition period in days'), transitionDays, tr('Data Act: 30 dage med fortsat drift, højst 7 måneder.', 'Data Act: 30 days with continued service, at most 7 months.'))),
    el('fieldset', {}, el('legend', {}, tr('Data (Data Act art. 25, 26 og 30)', 'Data (Data Act Arts. 25, 26 and 30)')),
      field('exportFormats', tr('Dataformater ved eksport (adskilt med komma)', 'Data export formats (separated by commas)'), exportFormats, tr('Fx CSV, PDF/A, XML efter FORM.', 'E.g. CSV, PDF/A, XML.')),
      field('exportTestedAt', tr('Dato for test af dataeksport', 'Data export test date'), exportTestedAt)),
    el('fieldset', {}, el('legend', {}, tr('Integrationer der skal genopbygges', 'Integrations to rebuild')),
      ...(integrationRows.length ? integrationRows.map((r) => r.node) : [el('p', {}, tr('Systemet har ingen registrerede integrationer.', 'The system has no recorded integrations.'))])),
    el('fieldset', {}, el('legend', {}, tr('Scenarier', 'Scenarios')),
      field('plannedSwitch', tr('Planlagt skift: sådan skifter vi til et andet system', 'Planned switch: how we move to another system'), plannedSwitch),
      field('suddenLoss', tr('Pludseligt bortfald: sådan holder vi driften, hvis tjenesten forsvinder', 'Sudden loss: how we keep running if the service disappears'), suddenLoss)),
    el('fieldset', {}, el('legend', {}, tr('Test og dokumentation', 'Test and documentation')),
      field('lastTestedAt', tr('Seneste test af planen', 'Last test of the plan'), lastTestedAt, tr('F9 regner en test som aktuel i 12 måneder.', 'F9 counts a test as current for 12 months.')),
      field('documentName', tr('Dokumentets navn', 'Document name'), documentName),
      field('documentUrl', tr('Link til dokumentet', 'Link to the document'), documentUrl, tr('Et http- eller https-link, fx til kommunens dokumentarkiv.', 'An http or https link, e.g. to the municipality’s document archive.'))),
  ];
  const summary = el('div', { className: 'form-error', id: 'exit-plan-errors', role: 'alert' });
  const saved = el('p', { className: 'status', id: 'exit-plan-saved', role: 'status' });
  const button = el('button', { attrs: { type: 'submit' } }, tr('Gem exitplan', 'Save exit plan'));
  const form = el('form', { className: 'exit-plan-form', id: 'exit-plan-form', attrs: { novalidate: '', 'aria-labelledby': 'exit-plan-form-heading' } },
    el('h2', { id: 'exit-plan-form-heading' }, tr('Exitplanen', 'The exit plan')),
    ...(writable ? [] : [el('p', { className: 'chart-note' }, view.current
      ? tr('Kun kommunens it-arkitekter kan ændre exitplanen.', 'Only the municipality’s IT architects can change the exit plan.')
      : tr('Systemet hører til en tidligere version af oversigten; åbn det i den aktuelle version for at ændre planen.', 'The system belongs to an earlier version of the inventory; open it in the current version to change the plan.'))]),
    ...fieldsets, summary, ...(writable ? [button] : []), saved);
  if (!writable) for (const f of fieldsets) f.disabled = true;

  const controls: Record<string, HTMLInputElement | HTMLTextAreaElement> = { owner, noticeDate, transitionDays, exportFormats, exportTestedAt, plannedSwitch, suddenLoss, lastTestedAt, 'document.name': documentName, 'document.url': documentUrl, document: documentName };
  integrationRows.forEach((r, n) => (controls[`integrations.${n}.action`] = r.action));
  const clearErrors = () => {
    summary.replaceChildren();
    for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    for (const e of form.querySelectorAll('.field-error')) e.textContent = '';
  };
  const showErrors = (errors: { field?: string; message: Text }[]) => {
    const items: HTMLElement[] = [];
    let first: HTMLElement | null = null;
    for (const e of errors) {
      const control = e.field ? controls[e.field] : undefined;
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        form.querySelector(`#${control.id}-error`)!.textContent = say(e.message);
        first ??= control;
      }
      const label = control ? form.querySelector(`label[for="${control.id}"]`)?.textContent : null;
      items.push(el('li', {}, label ? `${label}: ${say(e.message)}` : say(e.message)));
    }
    summary.replaceChildren(el('p', {}, tr('Exitplanen blev ikke gemt:', 'The exit plan was not saved:')), el('ul', {}, ...items));
    first?.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    saved.textContent = '';
    const days = transitionDays.value.trim();
    if (days && !/^\d+$/.test(days)) {
      showErrors([{ field: 'transitionDays', message: { da: 'Skriv et helt antal dage', en: 'Enter a whole number of days' } }]);
      return;
    }
    const name = documentName.value.trim();
    const url = documentUrl.value.trim();
    const plan: ExitPlanInput = {
      owner: owner.value,
      noticeDate: noticeDate.value || null,
      transitionDays: days ? Number(days) : null,
      exportFormats: exportFormats.value.split(',').map((s) => s.trim()).filter(Boolean),
      exportTestedAt: exportTestedAt.value || null,
      integrations: integrationRows.filter((r) => r.included.checked).map((r) => ({ usageKey: r.i.usageKey, name: r.i.name, action: r.action.value })),
      plannedSwitch: plannedSwitch.value,
      suddenLoss: suddenLoss.value,
      lastTestedAt: lastTestedAt.value || null,
      document: name || url ? { name: name || null, url: url || null } : null,
    };
    button.disabled = true;
    saveExitPlan(view.usageId, plan).then(
      (result) => {
        onSaved(result);
        const before = result.before?.f9.value;
        saved.textContent = before === undefined
          ? tr(`Exitplanen er gemt. F9 er nu ${result.score?.f9.value ?? '–'}.`, `The exit plan is saved. F9 is now ${result.score?.f9.value ?? '–'}.`)
          : tr(`Exitplanen er gemt. F9 gik fra ${before} til ${result.score?.f9.value ?? '–'}.`, `The exit plan is saved. F9 went from ${before} to ${result.score?.f9.value ?? '–'}.`);
      },
      (err: unknown) => {
        if (err instanceof ApiError && err.errors.length) showErrors(err.errors);
        else showErrors([{ message: { da: err instanceof Error ? err.message : String(err), en: err instanceof Error ? err.message : String(err) } }]);
      },
    ).finally(() => {
      button.disabled = false;
    });
  });
  return form;
}

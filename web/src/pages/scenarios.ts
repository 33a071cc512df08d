// Scenarios (route /kommuner/{code}/scenarier): choose replacements (any product or any subset of
// its usages in the inventory → one or several entries of the whole catalogue, optionally from a
// date; scenario-picker.ts), see every indicator before and after as a table and a chart, save the
// scenario with a name — private or shared with colleagues — and list, open, share, export or
// delete the saved ones. The real inventory never changes: the server computes on a copy.
import './solutions.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import { ApiError, fetchMunicipality } from '../data/api.ts';
import {
  compareScenario, deleteScenario, fetchScenario, fetchScenarioOptions, fetchScenarios, saveScenario, type Scenario,
  type ScenarioComparison, scenarioExportUrl, type ScenarioSpec, updateScenario,
} from '../data/solutions.ts';
import { el } from '../dom.ts';
import { formatDay } from '../format.ts';
import { errorLine, statusLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { forbidden, reason } from './refusal.ts';
import { type PickerRow, pickerRow } from './scenario-picker.ts';
import { scenarioResult } from './scenario-result.ts';

const canSave = (s: SessionView | undefined, code: number) =>
  !!s?.user && s.grants.some((g) => g.role === 'admin' || ((g.role === 'leader' || g.role === 'architect') && g.municipalityCode === code));

let rowCounter = 0;

export async function renderScenarios(main: HTMLElement, code: number, session?: SessionView): Promise<void> {
  const title = tr(`Scenarier – kommune ${code}`, `Scenarios – municipality ${code}`);
  document.title = `${title} – Handlefrihed`;
  const h1 = el('h1', {}, title);
  const status = statusLine(tr('Henter kommunens systemer og kataloget …', "Loading the municipality's systems and the catalogue …"));
  main.replaceChildren(el('p', { className: 'back' }, link(`/kommuner/${code}/exitveje`, tr('← Exitveje', '← Exit paths'))), h1, status);
  const [muni, opts, saved] = await Promise.allSettled([fetchMunicipality(code), fetchScenarioOptions(code), fetchScenarios(code)]);
  const name = muni.status === 'fulfilled' ? muni.value.name : tr(`kommune ${code}`, `municipality ${code}`);
  h1.textContent = tr(`Scenarier – ${name}`, `Scenarios – ${name}`);
  document.title = `${h1.textContent} – Handlefrihed`;
  if (opts.status === 'rejected') {
    status.replaceWith(errorLine(forbidden(opts.reason)
      ? tr('Du har ikke adgang til kommunens it-oversigt, så der kan ikke regnes scenarier på den.', "You may not see the municipality's IT inventory, so no scenarios can be computed on it.")
      : `${tr('Kommunens systemer kunne ikke hentes', "The municipality's systems could not be loaded")}: ${reason(opts.reason)}`));
    return;
  }
  const options = opts.value;
  const results = el('section', { className: 'panel', id: 'scenario-result', attrs: { 'aria-labelledby': 'scenario-result-heading', 'aria-live': 'polite' } });
  const savedSection = el('section', { className: 'panel', id: 'saved-scenarios', attrs: { 'aria-labelledby': 'saved-heading' } });
  let current: { spec: ScenarioSpec; comparison: ScenarioComparison } | null = null;

  // --- The builder ---------------------------------------------------------------------------
  const rows = el('ol', { className: 'replacements' });
  const formError = el('p', { className: 'form-error', id: 'scenario-form-error', role: 'alert' });
  const startDate = el('input', { id: 'scenario-start', attrs: { type: 'date', name: 'startDate' } });
  const pickers = new Map<HTMLLIElement, PickerRow>();
  const addRow = (preset?: { products: string[]; alternatives: string[] }) => {
    const row = pickerRow(++rowCounter, options, (li) => {
      pickers.delete(li);
      li.remove();
      (rows.querySelector('input') as HTMLElement | null)?.focus();
    });
    if (preset) row.choose(preset.products, preset.alternatives);
    pickers.set(row.element, row);
    rows.append(row.element);
    return row;
  };
  // "Prøv …" on the exit paths: ?erstat=product:ID=alternative:ID.
  const preset = new URLSearchParams(location.search).get('erstat');
  if (preset && preset.includes('=')) {
    const at = preset.indexOf('=', preset.indexOf(':') + 1);
    addRow({ products: [preset.slice(0, at)], alternatives: [preset.slice(at + 1)] });
  } else if (options.products.length > 0) addRow();
  const examples = options.examples.map((x) => {
    const b = el('button', { attrs: { type: 'button' } }, tr(`Eksempel: ${x.label.da}`, `Example: ${x.label.en}`));
    b.addEventListener('click', () => addRow({ products: x.products, alternatives: x.alternatives }).focus());
    return b;
  });
  const add = el('button', { attrs: { type: 'button' } }, tr('Tilføj udskiftning', 'Add a replacement'));
  add.addEventListener('click', () => addRow().focus());
  const exampleLine = examples.length ? el('p', { className: 'examples' }, ...examples.flatMap((b, k) => (k ? [' ', b] : [b]))) : '';
  const compute = el('button', { className: 'primary', attrs: { type: 'submit' } }, tr('Beregn før og efter', 'Compute before and after'));
  const form = el('form', { className: 'scenario-form', attrs: { 'aria-labelledby': 'builder-heading', novalidate: '' } },
    rows,
    el('p', {}, add),
    exampleLine,
    el('p', { className: 'field' }, el('label', { attrs: { for: startDate.id } }, tr('Scenariet starter (valgfri)', 'The scenario starts (optional)')), ' ', startDate),
    formError,
    el('p', {}, compute));
  /** The spec, or the numbers (1-based) of the replacements with nothing chosen on a side. */
  const specOf = (): { spec: ScenarioSpec; incomplete: number[] } => {
    const all = [...pickers.values()].map((p) => p.spec());
    const incomplete = all.flatMap((r, k) => (r ? [] : [k + 1]));
    return { spec: { replacements: all.filter((r) => r !== null), startDate: startDate.value || null }, incomplete };
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    formError.textContent = '';
    const { spec, incomplete } = specOf();
    if (incomplete.length > 0 || spec.replacements.length === 0) {
      formError.textContent = incomplete.length
        ? tr(`Udskiftning ${incomplete.join(', ')}: vælg både hvad der erstattes og hvad det erstattes med.`, `Replacement ${incomplete.join(', ')}: choose both what is replaced and what replaces it.`)
        : tr('Vælg mindst én udskiftning.', 'Choose at least one replacement.');
      return;
    }
    compute.disabled = true;
    results.replaceChildren(statusLine(tr('Beregner …', 'Computing …')));
    compareScenario(code, spec)
      .then((comparison) => {
        current = { spec, comparison };
        showResult(results, comparison, name, saveForm);
      })
      .catch((err: unknown) => {
        formError.textContent = problemText(err);
        results.replaceChildren();
      })
      .finally(() => (compute.disabled = false));
  });
  const builder = el('section', { className: 'panel', id: 'scenario-builder', attrs: { 'aria-labelledby': 'builder-heading' } },
    el('h2', { id: 'builder-heading' }, tr('Byg et scenarie', 'Build a scenario')),
    el('p', {}, tr(
      'Vælg hvilke af kommunens systemer der skal erstattes – et helt produkt, flere produkter eller kun nogle af et produkts brug – og hvad de skal erstattes med: et eller flere produkter eller åbne alternativer fra hele kataloget. Beregningen sker på en kopi: kommunens it-oversigt ændres ikke.',
      "Choose which of the municipality's systems to replace – a whole product, several products or only some usages of one – and what replaces them: one or more products or open alternatives from the whole catalogue. The computation runs on a copy: the municipality's IT inventory does not change.",
    )),
    options.products.length > 0 ? form : el('p', {}, tr('Kommunens it-oversigt har ingen systemer at bygge et scenarie af.', "The municipality's inventory has no systems to build a scenario from.")));

  // --- Saving ---------------------------------------------------------------------------------
  const saveForm = (): HTMLElement | null => {
    if (!canSave(session, code) || !current) return null;
    const nameInput = el('input', { id: 'scenario-name', attrs: { type: 'text', name: 'name', required: '', maxlength: '120', 'aria-describedby': 'save-error' } });
    const shared = el('input', { id: 'scenario-shared', attrs: { type: 'checkbox', name: 'shared' } });
    const saveError = el('p', { className: 'form-error', id: 'save-error', role: 'alert' });
    const button = el('button', { className: 'primary', attrs: { type: 'submit' } }, tr('Gem scenarie', 'Save scenario'));
    const f = el('form', { className: 'save-form', attrs: { 'aria-labelledby': 'save-heading', novalidate: '' } },
      el('h3', { id: 'save-heading' }, tr('Gem scenariet', 'Save the scenario')),
      el('p', { className: 'field' }, el('label', { attrs: { for: nameInput.id } }, tr('Navn', 'Name')), ' ', nameInput),
      el('p', { className: 'field' }, shared, ' ', el('label', { attrs: { for: shared.id } }, tr('Del med kolleger i kommunen', 'Share with colleagues in the municipality'))),
      saveError,
      el('p', {}, button));
    f.addEventListener('submit', (e) => {
      e.preventDefault();
      saveError.textContent = '';
      if (!nameInput.value.trim()) {
        saveError.textContent = tr('Giv scenariet et navn.', 'Give the scenario a name.');
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.focus();
        return;
      }
      nameInput.removeAttribute('aria-invalid');
      button.disabled = true;
      saveScenario(code, { ...current!.spec, name: nameInput.value.trim(), shared: shared.checked })
        .then(async (s) => {
          saveError.textContent = '';
          f.replaceChildren(el('p', { role: 'status' }, tr(`Gemt som "${s.name}".`, `Saved as "${s.name}".`)));
          await showSaved();
        })
        .catch((err: unknown) => (saveError.textContent = problemText(err)))
        .finally(() => (button.disabled = false));
    });
    return f;
  };

  // --- Saved scenarios --------------------------------------------------------------------------
  /** A share or delete on a saved scenario: the list redrawn, the outcome announced, focus kept on the list. */
  const change = (action: Promise<unknown>, done: string) =>
    void action.then(
      async () => {
        await showSaved();
        savedSection.append(statusLine(done));
        (savedSection.querySelector('h2') as HTMLElement | null)?.focus();
      },
      (err: unknown) => savedSection.append(errorLine(problemText(err))),
    );
  const showSaved = async (list?: PromiseSettledResult<{ items: Scenario[] }>) => {
    const got = list ?? (await fetchScenarios(code).then((value) => ({ status: 'fulfilled' as const, value }), (error: unknown) => ({ status: 'rejected' as const, reason: error })));
    savedSection.replaceChildren(el('h2', { id: 'saved-heading', attrs: { tabindex: '-1' } }, tr('Gemte scenarier', 'Saved scenarios')));
    if (got.status === 'rejected') {
      savedSection.append(errorLine(`${tr('De gemte scenarier kunne ikke hentes', 'The saved scenarios could not be loaded')}: ${reason(got.reason)}`));
      return;
    }
    const items = got.value.items;
    if (items.length === 0) {
      savedSection.append(el('p', {}, tr('Ingen gemte scenarier, du kan se.', 'No saved scenarios you can see.')));
      return;
    }
    const mine = (s: Scenario) => session?.user?.id === s.createdByUserId;
    const body = el('tbody', {}, ...items.map((s) => {
      const open = el('button', { className: 'link-button', attrs: { type: 'button' } }, tr(`Vis ${s.name}`, `Show ${s.name}`));
      open.addEventListener('click', () => {
        results.replaceChildren(statusLine(tr('Beregner …', 'Computing …')));
        fetchScenario(code, s.id)
          .then((r) => {
            current = null;
            showResult(results, r, name, () => null, s.name);
            (results.querySelector('h2') as HTMLElement | null)?.focus();
          })
          .catch((err: unknown) => results.replaceChildren(errorLine(problemText(err))));
      });
      const report = link(`/kommuner/${code}/rapport?scenarie=${s.id}`, tr(`${s.name} i rapporten`, `${s.name} in the report`));
      const actions: (Node | string)[] = [open, ' · ', report];
      if (mine(s)) {
        const share = el('button', { className: 'link-button', attrs: { type: 'button' } }, s.shared ? tr(`Stop deling af ${s.name}`, `Stop sharing ${s.name}`) : tr(`Del ${s.name}`, `Share ${s.name}`));
        share.addEventListener('click', () => change(updateScenario(code, s.id, { shared: !s.shared }), s.shared ? tr(`${s.name} er ikke længere delt.`, `${s.name} is no longer shared.`) : tr(`${s.name} er delt med kollegerne.`, `${s.name} is shared with your colleagues.`)));
        const del = el('button', { className: 'link-button danger', attrs: { type: 'button' } }, tr(`Slet ${s.name}`, `Delete ${s.name}`));
        del.addEventListener('click', () => {
          if (confirm(tr(`Slet scenariet "${s.name}"?`, `Delete the scenario "${s.name}"?`))) change(deleteScenario(code, s.id), tr(`${s.name} er slettet.`, `${s.name} is deleted.`));
        });
        actions.push(' · ', share, ' · ', del);
      }
      const exports = el('span', { className: 'downloads' }, ...(['csv', 'xlsx', 'json'] as const).flatMap((f, i) => [
        ...(i > 0 ? [' · '] : []),
        el('a', { attrs: { href: scenarioExportUrl(code, s.id, f, lang()), download: '', 'aria-label': `${s.name}: ${f.toUpperCase()}` } }, f.toUpperCase()),
      ]));
      return el('tr', { data: { id: String(s.id) } },
        el('th', { attrs: { scope: 'row' } }, s.name),
        el('td', {}, s.replacements.map((r) => `${r.productName} → ${r.alternativeName}${r.from ? ` (${formatDay(r.from)})` : ''}`).join('; ')),
        el('td', {}, s.createdBy),
        el('td', {}, s.shared ? tr('Delt', 'Shared') : tr('Privat', 'Private')),
        el('td', {}, exports),
        el('td', {}, ...actions));
    }));
    savedSection.append(el('div', { className: 'table-scroll' }, el('table', { className: 'data-table' },
      el('caption', {}, tr('Delte scenarier og dine egne, nyeste først', 'Shared scenarios and your own, newest first')),
      el('thead', {}, el('tr', {}, ...[tr('Navn', 'Name'), tr('Udskiftninger', 'Replacements'), tr('Oprettet af', 'Created by'), tr('Synlighed', 'Visibility'), tr('Hent', 'Download'), tr('Handlinger', 'Actions')].map((h) => el('th', { attrs: { scope: 'col' } }, h)))),
      body)));
  };

  main.append(builder, results, savedSection);
  await showSaved(saved);
  const usageTotal = options.products.reduce((t, p) => t + p.usages.length, 0);
  status.textContent = tr(
    `${usageTotal} systemer (${options.products.length} produkter) kan indgå i et scenarie for ${name}, med ${options.catalogue.length} mulige erstatninger fra kataloget.`,
    `${usageTotal} systems (${options.products.length} products) can be part of a scenario for ${name}, with ${options.catalogue.length} possible replacements from the catalogue.`,
  );
}

function problemText(err: unknown): string {
  if (err instanceof ApiError && err.errors.length) return err.errors.map((e) => e.message[lang()]).join(' ');
  return reason(err);
}

/** The before/after under a heading, with the save form for an unsaved scenario. */
function showResult(section: HTMLElement, c: ScenarioComparison, municipality: string, saveForm: () => HTMLElement | null, savedName?: string): void {
  const heading = el('h2', { id: 'scenario-result-heading', attrs: { tabindex: '-1' } }, savedName ? tr(`Før og efter: ${savedName}`, `Before and after: ${savedName}`) : tr('Før og efter', 'Before and after'));
  const save = saveForm();
  section.replaceChildren(heading, ...scenarioResult(c, municipality), ...(save ? [save] : []));
}

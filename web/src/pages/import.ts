// The import page for a municipality's IT architects (route /kommuner/{code}/import): upload an
// inventory file, check it in a dry run (detected profile, encoding, delimiter, the column mapping
// to change, the first rows and every error), then import it; then fetching from KITOS instead
// (import-kitos.ts, which shows its reports with this page's tables); below, the import history
// with the difference between two runs' versions and a rollback. Nothing is written before "Importér".
import { importFieldName, label } from '../../../server/src/domain/labels.ts';
import './import.css';
import type { SessionView } from '../../../server/src/api-types.ts';
import { locale, numberFormat } from '../charts/common.ts';
import { ApiError, fetchMunicipality } from '../data/api.ts';
import {
  type ColumnMapping,
  fetchImportRuns,
  fetchProfiles,
  fetchVersionDiff,
  type ImportReport,
  type ImportRunView,
  type ProfileView,
  rollbackToRun,
  type UploadProblem,
  uploadImport,
  type UploadRequest,
} from '../data/imports.ts';
import { el } from '../dom.ts';
import { errorLine, statusLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { systemHref } from '../system-href.ts';
import { link } from '../router.ts';
import { renderSignIn } from '../sign-in.ts';
import {
  canImport,
  canRollBackTo,
  comparable,
  comparePair,
  currentVersionId,
  diffRows,
  duplicateTargets,
  IGNORE,
  PERSONAL_TARGETS,
  type IssueRow,
  issueRows,
  mappingArgs,
  selectedTarget,
  uploadPercent,
} from './import-model.ts';
import { KitosSection } from './import-kitos.ts';
import { kitosAccess } from './import-kitos-model.ts';
import { reason } from './refusal.ts';

const ACCEPT = '.csv,.txt,.tsv,.tab,.xlsx,.xlsm,.html,.htm,text/csv,text/html,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const whole = () => numberFormat(lang(), { maximumFractionDigits: 0 });
export const dateTime = (iso: string) => new Intl.DateTimeFormat(locale(lang()), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
/** A yyyy-mm-dd date in the page's language (da-DK: 01.03.2016). */
const shortDate = (iso: string) => new Intl.DateTimeFormat(locale(lang()), { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** A table with a caption and column headers; `rowHeader` makes each row's first cell a th. */
export function table(id: string, caption: string, columns: string[], rows: (Node | string)[][], rowHeader = false): HTMLTableElement {
  return el(
    'table',
    { className: 'data-table', id },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { attrs: { scope: 'col' } }, c)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v, i) => (rowHeader && i === 0 ? el('th', { attrs: { scope: 'row' } }, v) : el('td', {}, v)))))),
  );
}

const statusLabel = (run: ImportRunView): string =>
  run.format === 'rollback'
    ? tr('Tilbagerulning', 'Rollback')
    : ({ committed: tr('Importeret', 'Imported'), dry_run: tr('Prøvekørsel', 'Dry run'), refused: tr('Afvist', 'Refused'), unchanged: tr('Uændret', 'Unchanged'), failed: tr('Mislykket', 'Failed') } as Record<string, string>)[run.status] ?? run.status;

/** A run's version as people count them: the municipality's 1, 2, 3 … (the internal id only as a fallback). */
/** Up to two column titles a file may use for a field, as people write them: the template's own snake_case code is not one. */
const headerTitles = (titles: readonly string[]): string[] => titles.filter((t) => !/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(t)).slice(0, 2);
const versionNumber = (run: ImportRunView): string => String(run.inventoryVersionNumber ?? run.inventoryVersionId ?? '–');

const fileLabel = (run: ImportRunView): string =>
  run.format === 'rollback' && run.inventoryVersionId != null ? tr(`Tilbage til version ${versionNumber(run)}`, `Back to version ${versionNumber(run)}`) : run.fileName;

const howLabel = (how: ColumnMapping['how']) =>
  ({ exact: tr('genkendt', 'recognised'), alias: tr('genkendt (alias)', 'recognised (alias)'), user: tr('valgt af dig', 'your choice'), unknown: tr('ukendt', 'unknown') })[how];

export async function renderImport(main: HTMLElement, code: number, session?: SessionView): Promise<void> {
  const h1 = el('h1', {}, tr(`Import – kommune ${code}`, `Import – municipality ${code}`));
  const loading = statusLine(tr('Henter importsiden …', 'Loading the import page …'));
  document.title = tr('Import – Handlefrihed', 'Import – Handlefrihed');
  main.replaceChildren(el('p', { className: 'back' }, link(`/kommuner/${code}`, tr('← Til kommunens overblik', "← To the municipality's dashboard"))), h1, loading);

  const [muni, profiles] = await Promise.allSettled([fetchMunicipality(code), fetchProfiles()]);
  const name = muni.status === 'fulfilled' ? muni.value.name : tr(`Kommune ${code}`, `Municipality ${code}`);
  h1.textContent = tr(`Import af it-systemoversigt – ${name}`, `Import an IT-system inventory – ${name}`);
  document.title = tr(`Import – ${name} – Handlefrihed`, `Import – ${name} – Handlefrihed`);
  if (muni.status === 'rejected' && muni.reason instanceof ApiError && muni.reason.status === 404) {
    loading.replaceWith(errorLine(tr(`Der er ingen kommune med koden ${code}.`, `There is no municipality with code ${code}.`)));
    return;
  }
  const history = new HistorySection(code, canImport(session, code));
  const access = kitosAccess(session, code);
  const kitos = access ? new KitosSection(code, access === 'configure', () => void history.load()) : null;
  const parts: HTMLElement[] = [];
  if (canImport(session, code)) {
    parts.push(new UploadSection(code, profiles.status === 'fulfilled' ? profiles.value.items : [], () => void history.load()).element);
  } else if (!session?.user) {
    parts.push(
      el('p', { className: 'notice', role: 'note' }, tr('Kun kommunens it-arkitekter kan importere. Log ind for at fortsætte.', "Only the municipality's IT architects can import. Sign in to continue.")),
      ...(session ? [renderSignIn(session, () => location.reload())] : []),
    );
  } else {
    parts.push(el('p', { className: 'notice', role: 'note' }, tr('Du kan se importhistorikken, men kun kommunens it-arkitekter kan importere og rulle tilbage.', "You can see the import history, but only the municipality's IT architects can import and roll back.")));
  }
  if (kitos) parts.push(kitos.element);
  parts.push(history.element);
  loading.replaceWith(...parts);
  await Promise.all([history.load(), kitos?.load()]);
}

/** The upload form, the dry run's findings (with the mapping to change) and the import itself. */
class UploadSection {
  readonly element: HTMLElement;
  private readonly fileInput = el('input', { id: 'import-file', attrs: { type: 'file', name: 'file', accept: ACCEPT, 'aria-describedby': 'import-file-hint import-form-error' } });
  private readonly profile = el('select', { id: 'import-profile', attrs: { name: 'profile' } });
  private readonly format = el('select', { id: 'import-format', attrs: { name: 'format' } });
  private readonly sheet = el('input', { id: 'import-sheet', attrs: { type: 'text', name: 'sheet', autocomplete: 'off', 'aria-describedby': 'import-sheet-hint' } });
  private readonly formError = el('p', { className: 'form-error', id: 'import-form-error', role: 'alert' });
  private readonly progress = el('progress', { id: 'import-progress', attrs: { max: '100' } });
  private readonly progressBox = el('div', { className: 'import-progress', attrs: { hidden: '' } }, el('label', { attrs: { for: 'import-progress' } }, tr('Upload', 'Upload')), this.progress);
  /** One polite live region for every step (sending, processing, done), present from the start so it is heard. */
  private readonly status = el('p', { className: 'status', id: 'import-status', role: 'status', attrs: { 'aria-live': 'polite' } });
  private readonly findings = el('div', { id: 'import-findings' });
  private readonly submit = el('button', { className: 'primary', attrs: { type: 'submit' } }, tr('Kontrollér filen', 'Check the file'));
  private busy = false;
  /** The user's mapping choices (source column → target), kept across dry runs of the same file. */
  private choice = new Map<string, string>();
  private file: File | null = null;

  constructor(private readonly code: number, private readonly profiles: ProfileView[], private readonly onRun: () => void) {
    this.profile.append(el('option', { attrs: { value: '' } }, tr('Find selv ud af det', 'Detect it')), ...profiles.map((p) => el('option', { attrs: { value: p.id } }, p.label[lang()])));
    this.format.append(
      el('option', { attrs: { value: '' } }, tr('Ud fra filen', 'From the file')),
      el('option', { attrs: { value: 'csv' } }, 'CSV'),
      el('option', { attrs: { value: 'xlsx' } }, 'Excel (XLSX)'),
      el('option', { attrs: { value: 'html' } }, tr('HTML (gemt webside)', 'HTML (saved web page)')),
    );
    const drop = el(
      'div',
      { className: 'drop-zone', id: 'import-drop' },
      el('label', { attrs: { for: 'import-file' } }, tr('Fil med it-systemoversigten', 'File with the IT-system inventory')),
      this.fileInput,
      el('p', { className: 'hint', id: 'import-file-hint' }, tr('CSV, Excel (XLSX) eller en gemt KITOS-webside. Du kan også trække filen hertil.', 'CSV, Excel (XLSX) or a saved KITOS web page. You can also drag the file here.')),
    );
    const form = el(
      'form',
      { className: 'import-form', id: 'import-form', attrs: { novalidate: '', 'aria-labelledby': 'upload-heading' } },
      drop,
      el(
        'details',
        { className: 'import-options' },
        el('summary', {}, tr('Flere valg (profil, format, ark)', 'More options (profile, format, sheet)')),
        el('div', { className: 'option-grid' },
          el('label', { attrs: { for: 'import-profile' } }, tr('Profil', 'Profile')), this.profile,
          el('label', { attrs: { for: 'import-format' } }, tr('Format', 'Format')), this.format,
          el('label', { attrs: { for: 'import-sheet' } }, tr('Ark (XLSX)', 'Sheet (XLSX)')),
          el('span', {}, this.sheet, el('span', { className: 'hint', id: 'import-sheet-hint' }, tr(' Navn eller nummer; tomt = første ark', ' Name or number; empty = the first sheet'))),
        ),
      ),
      this.formError,
      el('p', {}, this.submit),
      this.progressBox,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run(true);
    });
    this.fileInput.addEventListener('change', () => this.chooseFile(this.fileInput.files?.[0] ?? null));
    // Another profile has other fields: earlier choices may not exist in it.
    this.profile.addEventListener('change', () => {
      this.choice.clear();
      this.columns = [];
    });
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.classList.add('dragging');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('dragging');
      const files = e.dataTransfer?.files;
      if (!files?.length) return;
      this.fileInput.files = files;
      this.chooseFile(files[0]!);
    });
    const templates = profiles.length
      ? el('p', { className: 'hint' }, tr('Skabeloner: ', 'Templates: '), ...profiles.flatMap((p, i) => [i ? ', ' : '', el('a', { attrs: { href: p.template, download: '' } }, p.label[lang()])]))
      : '';
    this.element = el(
      'section',
      { className: 'panel', id: 'import-upload', attrs: { 'aria-labelledby': 'upload-heading' } },
      el('h2', { id: 'upload-heading' }, tr('Upload en fil', 'Upload a file')),
      el('p', {}, tr('Først kontrolleres filen i en prøvekørsel: intet gemmes, før du vælger “Importér”.', 'First the file is checked in a dry run: nothing is saved until you choose “Import”.')),
      templates,
      form,
      this.status,
      this.findings,
    );
  }

  private chooseFile(file: File | null): void {
    this.file = file;
    this.choice = new Map();
    this.columns = [];
    this.findings.replaceChildren();
    this.formError.textContent = '';
  }

  private request(dryRun: boolean): UploadRequest {
    const { map, unnamed } = mappingArgs(this.columns, this.choice);
    if (unnamed.length) {
      this.formError.textContent = tr(
        `Kolonner uden navn eller med ; i navnet kan ikke tilknyttes her: ${unnamed.map((u) => `“${u}”`).join(', ')}. Omdøb dem i filen.`,
        `Columns without a name or with ; in the name cannot be mapped here: ${unnamed.map((u) => `“${u}”`).join(', ')}. Rename them in the file.`,
      );
    }
    return { file: this.file!, profile: this.profile.value, format: this.format.value, sheet: this.sheet.value.trim(), map, dryRun };
  }

  /** The columns and profile of the last dry run (what the mapping selects show). */
  private columns: ColumnMapping[] = [];
  private detectedProfile: string | undefined;

  private async run(dryRun: boolean): Promise<void> {
    if (this.busy) return;
    this.file = this.fileInput.files?.[0] ?? this.file;
    if (!this.file) {
      this.formError.textContent = tr('Vælg en fil først.', 'Choose a file first.');
      this.fileInput.focus();
      return;
    }
    this.formError.textContent = '';
    this.busy = true;
    this.setButtons(true);
    this.progressBox.hidden = false;
    this.progress.value = 0;
    this.status.classList.remove('error');
    this.status.textContent = tr(`Sender ${this.file.name} …`, `Sending ${this.file.name} …`);
    try {
      const outcome = await uploadImport(this.code, this.request(dryRun), {
        onProgress: (loaded, total) => {
          const p = uploadPercent(loaded, total);
          if (p == null) this.progress.removeAttribute('value');
          else this.progress.value = p;
        },
        onUploaded: () => {
          this.progress.value = 100;
          this.status.textContent = tr('Behandler filen …', 'Processing the file …');
        },
      });
      if (outcome.ok && !dryRun) this.showCommitted(outcome.report);
      else if (outcome.ok) this.showDryRun(outcome.report);
      else this.showRefused(outcome.problem);
    } catch (err) {
      this.status.classList.add('error');
      this.status.textContent =
        err instanceof ApiError && (err.status === 401 || err.status === 403)
          ? tr('Du har ikke adgang til at importere for denne kommune (log evt. ind igen).', 'You may not import for this municipality (try signing in again).')
          : err instanceof ApiError
            ? tr(`Serveren kunne ikke behandle filen: ${err.title}`, `The server could not process the file: ${err.title}`)
            : tr('Filen kunne ikke sendes (netværksfejl). Prøv igen.', 'The file could not be sent (network error). Try again.');
    } finally {
      this.busy = false;
      this.setButtons(false);
      this.progressBox.hidden = true;
      this.onRun();
    }
  }

  private setButtons(disabled: boolean): void {
    for (const b of [this.submit, ...this.findings.querySelectorAll('button')]) (b as HTMLButtonElement).disabled = disabled;
  }

  private showDryRun(report: ImportReport): void {
    const errors = report.errors.length + report.omittedIssues;
    this.status.textContent =
      report.status === 'unchanged'
        ? tr('Prøvekørslen er færdig: filen svarer til den aktuelle version.', 'The dry run is done: the file matches the current version.')
        : tr(`Prøvekørslen er færdig: ${whole()(report.rows.read)} rækker læst, ${whole()(errors)} fejl.`, `The dry run is done: ${whole()(report.rows.read)} rows read, ${whole()(errors)} errors.`);
    this.renderFindings(report, null);
  }

  private showRefused(problem: UploadProblem): void {
    const count = problem.report ? problem.report.errors.length + problem.report.omittedIssues : problem.errors.length;
    this.status.textContent = tr(`Filen blev afvist med ${whole()(count)} fejl. Intet er gemt.`, `The file was refused with ${whole()(count)} errors. Nothing was saved.`);
    this.renderFindings(problem.report ?? null, problem);
  }

  private showCommitted(report: ImportReport): void {
    const dashboard = link(`/kommuner/${this.code}`, tr('Se kommunens overblik', "See the municipality's dashboard"));
    const heading = el('h3', { id: 'import-result-heading', attrs: { tabindex: '-1' } },
      report.status === 'committed' ? tr('Importen er gemt', 'The import is saved') : tr('Intet nyt at gemme', 'Nothing new to save'));
    const text =
      report.status === 'committed'
        ? tr(
            `${whole()(report.rows.accepted)} rækker er importeret som version ${report.inventoryVersionNumber ?? report.inventoryVersionId}, som nu er kommunens aktuelle oversigt og er scoret.`,
            `${whole()(report.rows.accepted)} rows were imported as version ${report.inventoryVersionNumber ?? report.inventoryVersionId}, now the municipality's current inventory, and scored.`,
          )
        : tr('Filen svarer til den aktuelle version; der er ikke lavet en ny.', 'The file matches the current version; no new one was made.');
    this.status.textContent = text;
    const created = [
      ...(report.vendorsCreated.length ? [tr(`Nye leverandører: ${report.vendorsCreated.map((v) => v.name).join(', ')}.`, `New vendors: ${report.vendorsCreated.map((v) => v.name).join(', ')}.`)] : []),
      ...(report.productsCreated.length ? [tr(`Nye produkter: ${report.productsCreated.map((p) => p.name).join(', ')}.`, `New products: ${report.productsCreated.map((p) => p.name).join(', ')}.`)] : []),
    ];
    this.findings.replaceChildren(
      el('div', { className: 'import-result', id: 'import-result' }, heading, el('p', {}, text), ...created.map((c) => el('p', { className: 'hint' }, c)), el('p', {}, dashboard)),
    );
    this.choice = new Map();
    this.columns = [];
    heading.focus();
  }

  /** Detected settings, the mapping to change, the errors and warnings, the preview, and "Importér". */
  private renderFindings(report: ImportReport | null, problem: UploadProblem | null): void {
    const meta = report?.meta ?? null;
    if (meta) {
      this.columns = meta.columns;
      this.detectedProfile = meta.profile;
    }
    const errors = issueRows(report?.errors ?? problem?.errors ?? [], lang());
    const omitted = report?.omittedIssues ?? 0;
    const heading = el('h3', { id: 'dry-run-heading', attrs: { tabindex: '-1' } }, tr(`Prøvekørsel af ${this.file!.name}`, `Dry run of ${this.file!.name}`));
    const parts: (HTMLElement | string)[] = [heading];
    if (meta) parts.push(this.metaList(report!));
    if (this.columns.length) parts.push(this.mappingTable());
    parts.push(errorSection(errors, omitted, problem), warningsDetails(report));
    if (report?.preview.length) parts.push(previewTable(report));
    if (report && errors.length === 0 && omitted === 0 && report.status === 'dry_run') {
      const commit = el('button', { className: 'primary', id: 'import-commit', attrs: { type: 'button' } }, tr('Importér', 'Import'));
      commit.addEventListener('click', () => void this.run(false));
      parts.push(el('p', { className: 'commit-line' }, commit, ' ', el('span', { className: 'hint' }, tr(`Gemmer ${whole()(report.rows.accepted)} rækker som kommunens nye version.`, `Saves ${whole()(report.rows.accepted)} rows as the municipality's new version.`))));
    } else if (report?.status === 'unchanged') {
      parts.push(el('p', { className: 'notice' }, tr('Filen svarer til kommunens aktuelle version; der er intet at importere.', "The file matches the municipality's current version; there is nothing to import.")));
    }
    this.findings.replaceChildren(el('section', { className: 'dry-run', id: 'import-preview', attrs: { 'aria-labelledby': 'dry-run-heading' } }, ...parts));
    heading.focus();
  }

  private metaList(report: ImportReport): HTMLElement {
    const meta = report.meta!;
    const profile = this.profiles.find((p) => p.id === meta.profile);
    const delimiter = meta.delimiter == null ? '–' : ({ ';': tr('semikolon (;)', 'semicolon (;)'), ',': tr('komma (,)', 'comma (,)'), '\t': tr('tabulator', 'tab'), '|': tr('lodret streg (|)', 'vertical bar (|)') } as Record<string, string>)[meta.delimiter] ?? meta.delimiter;
    const item = (label: string, value: string, id: string) => [el('dt', {}, label), el('dd', { data: { meta: id } }, value)];
    return el(
      'dl',
      { className: 'import-meta', id: 'import-meta' },
      ...item(tr('Profil', 'Profile'), profile ? `${profile.label[lang()]} (${meta.profile})` : meta.profile, 'profile'),
      ...item(tr('Format', 'Format'), meta.format.toUpperCase(), 'format'),
      ...item(tr('Tegnsæt', 'Encoding'), meta.encoding ?? '–', 'encoding'),
      ...item(tr('Skilletegn', 'Delimiter'), delimiter, 'delimiter'),
      ...(meta.sheet ? item(tr('Ark', 'Sheet'), meta.sheet, 'sheet') : []),
      ...(meta.table ? item(tr('Tabel', 'Table'), meta.table, 'table') : []),
      ...item(
        tr('Rækker', 'Rows'),
        tr(`${whole()(report.rows.read)} læst, ${whole()(report.rows.accepted)} godkendt, ${whole()(report.rows.rejected)} afvist`, `${whole()(report.rows.read)} read, ${whole()(report.rows.accepted)} accepted, ${whole()(report.rows.rejected)} rejected`),
        'rows',
      ),
    );
  }

  /** One select per source column: a field of the profile, or ignore (kept verbatim); then a re-run. */
  private mappingTable(): HTMLElement {
    const detected = this.profiles.find((p) => p.id === this.detectedProfile);
    const fields = detected?.fields.filter((f) => f.id !== IGNORE) ?? [];
    const duplicates = duplicateTargets(this.columns, this.choice);
    const warn = el('p', { className: 'form-error', id: 'mapping-warning', role: 'alert' });
    const showDuplicates = () => {
      const d = duplicateTargets(this.columns, this.choice);
      warn.textContent = d.size
        ? tr(
            `Samme felt er valgt for flere kolonner: ${[...d].map(([f, cols]) => `${importFieldName(f, 'da')} (${cols.join(', ')})`).join('; ')}. Kun den første bruges.`,
            `The same field is chosen for several columns: ${[...d].map(([f, cols]) => `${importFieldName(f, 'en')} (${cols.join(', ')})`).join('; ')}. Only the first is used.`,
          )
        : '';
    };
    const rows = this.columns.map((c, i) => {
      const select = el('select', { id: `map-${i}`, data: { source: c.source }, attrs: { 'aria-label': tr(`Felt for kolonnen ${c.source || i + 1}`, `Field for the column ${c.source || i + 1}`) } });
      const current = this.choice.get(c.source) ?? selectedTarget(c);
      select.append(
        el('option', { attrs: { value: IGNORE } }, tr('Ignorér (gem kun som tekst)', 'Ignore (keep as text only)')),
        ...fields.map((f) => el('option', { attrs: { value: f.id } }, headerTitles(f.titles).length ? `${importFieldName(f.id, lang())} – ${headerTitles(f.titles).join(', ')}` : importFieldName(f.id, lang()))),
      );
      const personal = PERSONAL_TARGETS.has(current);
      if (personal) {
        const label = current === 'roles_filled'
          ? tr('Rolle: kun om den er udfyldt (navne gemmes ikke)', 'Role: only whether it is filled (names are not kept)')
          : tr('Persondata: gemmes ikke', 'Personal data: not kept');
        select.append(el('option', { attrs: { value: current } }, label));
      } else if (![...select.options].some((o) => o.value === current)) select.append(el('option', { attrs: { value: current } }, importFieldName(current, lang())));
      select.value = current;
      if (!c.source.trim() || personal) select.disabled = true;
      select.addEventListener('change', () => {
        this.choice.set(c.source, select.value);
        showDuplicates();
      });
      return [c.source.trim() || tr(`(kolonne ${i + 1} uden navn)`, `(column ${i + 1} without a name)`), howLabel(c.how), select] as (Node | string)[];
    });
    if (duplicates.size) showDuplicates();
    const rerun = el('button', { id: 'import-rerun', attrs: { type: 'button' } }, tr('Kør prøvekørslen igen med denne tilknytning', 'Run the dry run again with this mapping'));
    rerun.addEventListener('click', () => void this.run(true));
    return el(
      'div',
      { className: 'mapping' },
      table('mapping-table', tr('Kolonnetilknytning: hvilket felt hver kolonne i filen bliver til', 'Column mapping: which field each column of the file becomes'), [tr('Kolonne i filen', 'Column in the file'), tr('Genkendt', 'Recognised'), tr('Felt', 'Field')], rows, true),
      warn,
      el('p', {}, rerun),
    );
  }
}

/** Where a refusal's errors come from: a file (fix it or the mapping) or the KITOS sync (fix the data in KITOS). */
export type IssueSource = 'file' | 'kitos';

/**
 * The errors of a dry run or a refusal: none ("can be imported"), or their count (announced) and
 * every one in a table with line, column, value and message. The ids start with the source's.
 */
export function errorSection(errors: IssueRow[], omitted: number, problem: { title: string; report?: unknown } | null, source: IssueSource = 'file'): HTMLElement {
  const total = errors.length + omitted;
  const file = source === 'file';
  const box = el('div', { className: 'import-errors', id: file ? 'import-errors' : 'kitos-errors' });
  if (total === 0) {
    box.append(el('p', { className: 'ok', role: 'status' }, file ? tr('Ingen fejl: filen kan importeres.', 'No errors: the file can be imported.') : tr('Ingen fejl: data fra KITOS kan importeres.', 'No errors: the data from KITOS can be imported.')));
    return box;
  }
  const title = problem?.report || !problem ? '' : ` (${problem.title})`;
  const n = whole()(total);
  box.append(
    el('p', { className: 'error-count', role: 'alert' },
      file
        ? tr(`${n} fejl${title}. Intet er gemt. Ret fejlene i filen (eller tilknytningen), og prøv igen.`, `${n} errors${title}. Nothing was saved. Fix the errors in the file (or the mapping) and try again.`)
        : tr(`${n} fejl${title}. Intet er gemt. Ret fejlene i KITOS (hver fejl nævner enhedens UUID), og hent igen.`, `${n} errors${title}. Nothing was saved. Fix the errors in KITOS (each error names the entity's UUID) and fetch again.`)),
    // A long value or message never widens the page: the table scrolls in its own box.
    el('div', { className: 'table-scroll' },
      file
        ? issueTable('error-table', tr('Fejl i filen, med linje og kolonne', 'Errors in the file, with line and column'), errors)
        : issueTable('kitos-error-table', tr('Fejl i data fra KITOS', 'Errors in the data from KITOS'), errors)),
  );
  if (omitted) box.append(el('p', { className: 'hint' }, tr(`Yderligere ${whole()(omitted)} fejl er talt med, men ikke vist.`, `A further ${whole()(omitted)} errors are counted but not listed.`)));
  return box;
}

/** A report's warnings, folded (the import can go ahead); '' without any. */
export function warningsDetails(report: ImportReport | null | undefined, tableId = 'warning-table'): HTMLElement | '' {
  if (!report?.warnings.length) return '';
  const warnings = issueRows(report.warnings, lang());
  return el('details', { className: 'import-warnings' },
    el('summary', {}, tr(`${whole()(warnings.length)} advarsler (importen kan fortsætte)`, `${whole()(warnings.length)} warnings (the import can go ahead)`)),
    issueTable(tableId, tr('Advarsler', 'Warnings'), warnings));
}

export function issueTable(id: string, caption: string, rows: IssueRow[]): HTMLTableElement {
  return table(
    id,
    caption,
    [tr('Linje', 'Line'), tr('Kolonne', 'Column'), tr('Værdi', 'Value'), tr('Besked', 'Message')],
    rows.map((r) => [r.line == null ? '–' : whole()(r.line), r.column ?? '–', r.value ?? '–', r.message]),
  );
}

/** The first rows as they will be stored; `id` names the table (its caption is `${id}-caption`). */
export function previewTable(report: ImportReport, id = 'preview-table'): HTMLElement {
  const party = (p: { name: string } | null) => p?.name ?? '–';
  const rows = report.preview.map((u) => [
    u.product_name,
    u.source_line == null ? '–' : whole()(u.source_line),
    u.local_name ?? '–',
    party(u.supplier),
    u.lifecycle ? label('lifecycle', u.lifecycle, lang()) : '–',
    u.hosting_model ? label('hostingModel', u.hosting_model, lang()) : '–',
    u.criticality ? label('criticality', u.criticality, lang()) : '–',
    u.in_use_from ? shortDate(u.in_use_from) : '–',
  ]);
  return el(
    'div',
    { className: 'table-scroll', attrs: { role: 'region', tabindex: '0', 'aria-labelledby': `${id}-caption` } },
    (() => {
      const t = table(
        id,
        tr(`De første ${whole()(rows.length)} rækker, som de vil blive gemt`, `The first ${whole()(rows.length)} rows as they will be saved`),
        [tr('System', 'System'), tr('Linje', 'Line'), tr('Lokalt navn', 'Local name'), tr('Leverandør', 'Supplier'), tr('Livscyklus', 'Life cycle'), tr('Drift', 'Hosting'), tr('Kritikalitet', 'Criticality'), tr('I brug fra', 'In use from')],
        rows,
        true,
      );
      t.querySelector('caption')!.id = `${id}-caption`;
      return t;
    })(),
  );
}

/** The runs newest first; compare two runs' versions; roll back to one (architects and admins). */
class HistorySection {
  readonly element: HTMLElement;
  private readonly body = el('div', { id: 'history-body' });
  private readonly status = el('p', { className: 'status', id: 'history-status', role: 'status', attrs: { 'aria-live': 'polite' } });
  private readonly diff = el('div', { id: 'version-diff' });
  private runs: ImportRunView[] = [];
  private readonly chosen = new Set<number>();

  constructor(private readonly code: number, private readonly mayWrite: boolean) {
    this.element = el(
      'section',
      { className: 'panel', id: 'import-history', attrs: { 'aria-labelledby': 'history-heading' } },
      el('h2', { id: 'history-heading' }, tr('Importhistorik', 'Import history')),
      el('p', {}, tr('Alle forsøg gemmes, også prøvekørsler og afviste filer. Vælg to kørsler med en version for at se forskellen.', 'Every attempt is kept, dry runs and refused files too. Choose two runs with a version to see the difference.')),
      this.status,
      this.body,
      this.diff,
    );
  }

  async load(): Promise<void> {
    try {
      this.runs = (await fetchImportRuns(this.code)).items;
    } catch (err) {
      this.body.replaceChildren(errorLine(tr(`Historikken kunne ikke hentes: ${reason(err)}`, `The history could not be loaded: ${reason(err)}`)));
      return;
    }
    for (const id of [...this.chosen]) if (!this.runs.some((r) => r.id === id && comparable(r))) this.chosen.delete(id);
    this.render();
  }

  private render(): void {
    if (!this.runs.length) {
      this.body.replaceChildren(el('p', {}, tr('Der er ingen importkørsler endnu.', 'There are no import runs yet.')));
      return;
    }
    const current = currentVersionId(this.runs);
    const compare = el('button', { id: 'history-compare', attrs: { type: 'button' } }, tr('Sammenlign de to valgte', 'Compare the two chosen'));
    const syncCompare = () => {
      compare.disabled = comparePair(this.chosen) == null;
    };
    compare.addEventListener('click', () => void this.showDiff());
    const rows = this.runs.map((r) => {
      const when = dateTime(r.startedAt);
      const pick: Node | string = comparable(r)
        ? (() => {
            const box = el('input', { attrs: { type: 'checkbox', 'aria-label': tr(`Vælg kørsel ${r.id} (${when}) til sammenligning`, `Choose run ${r.id} (${when}) to compare`) }, data: { run: String(r.id) } });
            box.checked = this.chosen.has(r.id);
            box.addEventListener('change', () => {
              if (box.checked) this.chosen.add(r.id);
              else this.chosen.delete(r.id);
              syncCompare();
            });
            return box;
          })()
        : '';
      const version = r.inventoryVersionId == null ? '–' : r.inventoryVersionId === current ? tr(`${versionNumber(r)} (aktuel)`, `${versionNumber(r)} (current)`) : versionNumber(r);
      const action: Node | string = this.mayWrite && canRollBackTo(r, current) ? this.rollbackButton(r) : '';
      return [
        pick,
        el('time', { attrs: { datetime: r.startedAt } }, when),
        fileLabel(r) + (r.demo ? tr(' (demodata)', ' (demo data)') : ''),
        r.actor,
        statusLabel(r),
        tr(`${whole()(r.rows.read)} / ${whole()(r.rows.accepted)} / ${whole()(r.rows.rejected)}`, `${whole()(r.rows.read)} / ${whole()(r.rows.accepted)} / ${whole()(r.rows.rejected)}`),
        version,
        action,
      ];
    });
    const columns = [tr('Vælg', 'Choose'), tr('Tidspunkt', 'Time'), tr('Fil', 'File'), tr('Udført af', 'By'), tr('Status', 'Status'), tr('Rækker læst / godkendt / afvist', 'Rows read / accepted / rejected'), tr('Version', 'Version')];
    if (this.mayWrite) columns.push(tr('Handling', 'Action'));
    const t = table('history-table', tr('Importkørsler, nyeste først', 'Import runs, newest first'), columns, this.mayWrite ? rows : rows.map((r) => r.slice(0, -1)));
    this.body.replaceChildren(el('div', { className: 'table-scroll' }, t), el('p', {}, compare));
    syncCompare();
  }

  private rollbackButton(run: ImportRunView): HTMLButtonElement {
    const v = versionNumber(run);
    const b = el('button', { className: 'rollback', attrs: { type: 'button', 'aria-label': tr(`Rul tilbage til version ${v} (kørsel ${run.id})`, `Roll back to version ${v} (run ${run.id})`) } }, tr(`Rul tilbage til version ${v}`, `Roll back to version ${v}`));
    b.addEventListener('click', () => this.confirmRollback(run, b));
    return b;
  }

  /** A confirmation step in place of the button: the rollback rescores the municipality at once. */
  private confirmRollback(run: ImportRunView, button: HTMLButtonElement): void {
    const v = versionNumber(run);
    const id = `confirm-rollback-${run.id}`;
    confirmInPlace(button, {
      id,
      question: tr(`Gør version ${v} (${fileLabel(run)}) til kommunens aktuelle oversigt igen? Scorerne beregnes på ny. Den nuværende version slettes ikke.`, `Make version ${v} (${fileLabel(run)}) the municipality's current inventory again? The scores are recomputed. The current version is not deleted.`),
      yes: tr('Ja, rul tilbage', 'Yes, roll back'),
      action: async () => {
        this.status.classList.remove('error');
        this.status.textContent = tr(`Ruller tilbage til version ${v} …`, `Rolling back to version ${v} …`);
        const done = await rollbackToRun(this.code, run.id);
        await this.load();
        this.status.textContent = tr(
          `Version ${done.inventoryVersionNumber ?? done.inventoryVersionId} er nu kommunens aktuelle oversigt igen${done.previousVersionId == null ? '' : ` (før: version ${done.previousVersionNumber ?? done.previousVersionId})`}.`,
          `Version ${done.inventoryVersionNumber ?? done.inventoryVersionId} is the municipality's current inventory again${done.previousVersionId == null ? '' : ` (before: version ${done.previousVersionNumber ?? done.previousVersionId})`}.`,
        );
        this.element.querySelector<HTMLElement>('#history-heading')?.setAttribute('tabindex', '-1');
        this.element.querySelector<HTMLElement>('#history-heading')?.focus();
      },
      failed: (err) => {
        this.status.classList.add('error');
        this.status.textContent = tr(`Tilbagerulningen mislykkedes: ${reason(err)}`, `The rollback failed: ${reason(err)}`);
      },
    });
  }

  private async showDiff(): Promise<void> {
    const pair = comparePair(this.chosen);
    if (!pair) return;
    const [a, b] = pair;
    const va = this.runs.find((r) => r.id === a)?.inventoryVersionId;
    const vb = this.runs.find((r) => r.id === b)?.inventoryVersionId;
    this.diff.replaceChildren(statusLine(tr('Henter forskellen …', 'Loading the difference …')));
    try {
      const diff = await fetchVersionDiff(this.code, a, b);
      const [na, nb] = [diff.fromNumber ?? va, diff.toNumber ?? vb];
      const heading = el('h3', { id: 'diff-heading', attrs: { tabindex: '-1' } }, tr(`Forskel fra kørsel ${a} (version ${na}) til kørsel ${b} (version ${nb})`, `Difference from run ${a} (version ${na}) to run ${b} (version ${nb})`));
      const summary = tr(
        `${whole()(diff.added.length)} systemer tilføjet, ${whole()(diff.removed.length)} fjernet, ${whole()(diff.changed.length)} ændret og ${whole()(diff.unchanged)} uændrede.`,
        `${whole()(diff.added.length)} systems added, ${whole()(diff.removed.length)} removed, ${whole()(diff.changed.length)} changed and ${whole()(diff.unchanged)} unchanged.`,
      );
      const rows = diffRows(diff);
      // A whole new inventory lists hundreds of systems: long groups start folded.
      const group = (id: string, label: string, count: number, content: () => HTMLElement) =>
        count === 0
          ? ''
          : (() => {
              const d = el('details', { className: 'diff-group', id }, el('summary', {}, `${label} (${whole()(count)})`), content());
              d.open = count <= 20;
              return d;
            })();
      // An added system links to its stable address (a removed one has no page in the current inventory).
      const names = (kind: 'added' | 'removed') =>
        kind === 'added'
          ? el('ul', { className: 'diff-list' }, ...diff.added.map((u) => el('li', {}, link(systemHref(this.code, u.usageKey), u.name))))
          : el('ul', { className: 'diff-list' }, ...rows.filter((r) => r.change === kind).map((r) => el('li', {}, r.name)));
      const changed = rows.filter((r) => r.change === 'changed');
      this.diff.replaceChildren(
        el('section', { className: 'version-diff', attrs: { 'aria-labelledby': 'diff-heading' } },
          heading,
          el('p', { id: 'diff-summary' }, summary),
          rows.length ? '' : el('p', {}, tr('De to versioner er ens.', 'The two versions are the same.')),
          group('diff-added', tr('Tilføjede systemer', 'Systems added'), diff.added.length, () => names('added')),
          group('diff-removed', tr('Fjernede systemer', 'Systems removed'), diff.removed.length, () => names('removed')),
          group('diff-changed', tr('Ændrede systemer, felt for felt', 'Systems changed, field by field'), diff.changed.length, () =>
            el('div', { className: 'table-scroll' },
              table('diff-table', tr('Ændrede felter: værdi før og efter', 'Changed fields: value before and after'), [tr('System', 'System'), tr('Felt', 'Field'), tr('Før', 'Before'), tr('Efter', 'After')], changed.map((r) => [r.name, r.field ?? '–', r.from, r.to]), true))),
        ),
      );
      heading.focus();
    } catch (err) {
      this.diff.replaceChildren(errorLine(tr(`Forskellen kunne ikke hentes: ${reason(err)}`, `The difference could not be loaded: ${reason(err)}`)));
    }
  }
}

/**
 * A confirmation in place of a button (a rollback, forgetting a connection): "yes" runs `action`
 * with both answers disabled; "no", or a failed action (after `failed` has said why), puts the
 * button back and focuses it.
 */
export function confirmInPlace(
  button: HTMLButtonElement,
  o: { id: string; question: string; yes: string; action: () => Promise<void>; failed: (err: unknown) => void },
): void {
  const yes = el('button', { className: 'danger', attrs: { type: 'button' } }, o.yes);
  const no = el('button', { attrs: { type: 'button' } }, tr('Fortryd', 'Cancel'));
  const box = el('div', { className: 'confirm', role: 'group', attrs: { 'aria-labelledby': o.id } }, el('p', { id: o.id }, o.question), yes, ' ', no);
  const restore = () => {
    box.replaceWith(button);
    button.focus();
  };
  button.replaceWith(box);
  no.addEventListener('click', restore);
  yes.addEventListener('click', async () => {
    yes.disabled = no.disabled = true;
    try {
      await o.action();
    } catch (err) {
      o.failed(err);
      restore();
    }
  });
  yes.focus();
}

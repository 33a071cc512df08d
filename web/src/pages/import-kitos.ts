// The import page's "Hent fra KITOS" section (issue #18): the municipality's KITOS connection —
// what a KITOS API user is and how to get one, the form to set it up (the organisation found by
// asking KITOS as the API user), its state (address, organisation, masked API user, the last sync
// and its error) — and the sync itself: a dry run or a real one, only changes or everything,
// answered with the same report a file import gives (errors, warnings, preview, the new version).
// Its architects and admins configure and sync; its leaders see the state; nobody else sees it.
import { ApiError } from '../data/api.ts';
import type { ProblemError } from '../data/imports.ts';
import {
  fetchKitosConnection,
  findKitosOrganizations,
  forgetKitosConnection,
  type KitosConnectionView,
  type KitosOrganization,
  type KitosProblem,
  type KitosSyncReport,
  type KitosSyncSummary,
  runKitosSync,
  saveKitosConnection,
} from '../data/kitos.ts';
import { el } from '../dom.ts';
import { errorLine } from '../figure.ts';
import { lang, tr } from '../i18n.ts';
import { link } from '../router.ts';
import { confirmInPlace, dateTime, errorSection, previewTable, warningsDetails, whole } from './import.ts';
import { issueRows } from './import-model.ts';
import {
  checkConnectionForm,
  type ConnectionField,
  type ConnectionFormValues,
  type FormError,
  messageText,
  problemText,
  sortProblemErrors,
} from './import-kitos-model.ts';
import { reason } from './refusal.ts';

const DEFAULT_BASE_URL = 'https://kitos.dk';

/** One labelled input of the connection form, with its hint and its own error line. */
interface FormField {
  input: HTMLInputElement;
  error: HTMLParagraphElement;
  row: HTMLElement;
}

function formField(name: ConnectionField, label: string, hint: string, attrs: Record<string, string>): FormField {
  const id = `kitos-${name}`;
  const error = el('p', { className: 'form-error', id: `${id}-error` });
  const input = el('input', { id, attrs: { name, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-hint ${id}-error`, ...attrs } });
  const row = el('div', { className: 'kitos-field' }, el('label', { attrs: { for: id } }, label), input, el('p', { className: 'hint', id: `${id}-hint` }, hint), error);
  return { input, error, row };
}

/** The KITOS section of the import page; `load()` fetches the connection and shows it. */
export class KitosSection {
  readonly element: HTMLElement;
  /** One polite live region for the section's steps (saving, searching, syncing, done). */
  private readonly status = el('p', { className: 'status', id: 'kitos-status', role: 'status', attrs: { 'aria-live': 'polite' } });
  private readonly body = el('div', { id: 'kitos-body' });
  private readonly result = el('div', { id: 'kitos-result' });
  private connection: KitosConnectionView | null = null;
  private busy = false;

  constructor(
    private readonly code: number,
    private readonly mayConfigure: boolean,
    /** Called after a sync (or a removed connection): the history has a new line. */
    private readonly onRun: () => void,
  ) {
    this.element = el(
      'section',
      { className: 'panel', id: 'import-kitos', attrs: { 'aria-labelledby': 'kitos-heading' } },
      el('h2', { id: 'kitos-heading' }, tr('Hent fra KITOS', 'Fetch from KITOS')),
      el('p', {}, tr(
        'Kommunens it-systemoversigt kan hentes direkte fra KITOS i stedet for fra en fil. Hentningen kontrolleres og gemmes som en ny version på samme måde som en fil, med forskel og tilbagerulning.',
        "The municipality's IT-system inventory can be fetched directly from KITOS instead of from a file. The fetch is checked and saved as a new version just like a file, with the difference and rollback.",
      )),
      this.body,
      this.status,
      this.result,
    );
  }

  async load(): Promise<void> {
    try {
      this.connection = await fetchKitosConnection(this.code);
    } catch (err) {
      this.body.replaceChildren(errorLine(tr(`KITOS-forbindelsen kunne ikke hentes: ${reason(err)}`, `The KITOS connection could not be loaded: ${reason(err)}`)));
      return;
    }
    if (this.connection) this.renderState(this.connection);
    else if (this.mayConfigure) this.renderForm(null);
    else this.body.replaceChildren(el('p', { id: 'kitos-none' }, tr('Kommunen har ingen KITOS-forbindelse. Kommunens it-arkitekter kan oprette den her.', "The municipality has no KITOS connection. The municipality's IT architects can set it up here.")));
  }

  /** What a KITOS API user is and how the municipality gets one. */
  private explanation(): HTMLElement {
    return el(
      'div',
      { className: 'kitos-explain', id: 'kitos-explain' },
      el('h3', {}, tr('Sådan får kommunen en KITOS API-bruger', 'How the municipality gets a KITOS API user')),
      el('p', {}, tr(
        'Hentningen logger ind i KITOS som en API-bruger: en særlig KITOS-bruger, der kun bruges af systemer og kan læse hele kommunens organisation i KITOS (systemer, kontrakter, organisationsenheder og databehandling). Den kan ikke ændre noget.',
        "The fetch signs in to KITOS as an API user: a special KITOS user only systems use, which can read the municipality's whole organisation in KITOS (systems, contracts, organisation units and data processing). It cannot change anything.",
      )),
      el('p', {}, tr(
        'Kommunens lokale KITOS-administrator beder om en API-bruger ved at skrive til ',
        "The municipality's local KITOS administrator asks for an API user by writing to ",
      ), el('a', { attrs: { href: 'mailto:info@kitos.dk' } }, 'info@kitos.dk'), tr(
        '. Brug en funktionspostkasse (fx it-arkitektur@kommune.dk) som brugerens e-mailadresse, ikke en persons.',
        ". Use a function mailbox (e.g. it-architecture@municipality.dk) as the user's address, not a person's.",
      )),
      el('p', {}, tr(
        'Adgangskoden gemmes krypteret og vises aldrig igen – heller ikke for dig.',
        'The password is stored encrypted and never shown again – not to you either.',
      )),
    );
  }

  /** The connection's state; for those who may configure, the buttons to change or forget it and the sync. */
  private renderState(c: KitosConnectionView): void {
    const item = (label: string, value: Node | string, key: string) => [el('dt', {}, label), el('dd', { data: { kitos: key } }, value)];
    const lastSync = c.lastSuccessfulSyncAt ? el('time', { attrs: { datetime: c.lastSuccessfulSyncAt } }, dateTime(c.lastSuccessfulSyncAt)) : tr('Ingen endnu', 'None yet');
    const list = el(
      'dl',
      { className: 'import-meta kitos-state', id: 'kitos-state' },
      ...item(tr('KITOS-adresse', 'KITOS address'), c.baseUrl, 'base-url'),
      ...item(tr('Organisation (UUID)', 'Organisation (UUID)'), c.organizationUuid, 'organization'),
      ...item(tr('API-bruger', 'API user'), c.apiUserEmailHint, 'api-user'),
      ...item(tr('Seneste vellykkede hentning', 'Last successful fetch'), lastSync, 'last-sync'),
      ...item(tr('Næste hentning', 'Next fetch'), c.syncCursor ? tr('kun ændringer siden den seneste', 'only changes since the last one') : tr('læser alt', 'reads everything'), 'next'),
      ...(c.lastError ? item(tr('Seneste fejl', 'Last error'), el('span', { className: 'kitos-error' }, c.lastError[lang()]), 'last-error') : []),
    );
    const parts: (HTMLElement | string)[] = [list];
    if (c.syncRunning) parts.push(el('p', { className: 'notice', id: 'kitos-running' }, tr('En hentning fra KITOS kører lige nu.', 'A fetch from KITOS is running right now.')));
    if (this.mayConfigure) {
      const edit = el('button', { id: 'kitos-edit', attrs: { type: 'button' } }, tr('Skift forbindelse', 'Change the connection'));
      const forget = el('button', { id: 'kitos-forget', attrs: { type: 'button' } }, tr('Glem forbindelsen', 'Forget the connection'));
      edit.addEventListener('click', () => {
        this.result.replaceChildren();
        this.renderForm(c);
      });
      forget.addEventListener('click', () => this.confirmForget(forget));
      parts.push(el('p', { className: 'kitos-actions' }, edit, ' ', forget), this.syncForm());
    }
    this.body.replaceChildren(...parts);
  }

  /** A confirmation step in place of the button: forgetting deletes the stored credentials. */
  private confirmForget(button: HTMLButtonElement): void {
    confirmInPlace(button, {
      id: 'kitos-confirm-forget',
      question: tr(
        'Glem KITOS-forbindelsen? API-brugerens adgangskode slettes, og der hentes ikke mere fra KITOS. Importhistorikken og versionerne bliver.',
        "Forget the KITOS connection? The API user's password is deleted and nothing more is fetched from KITOS. The import history and the versions stay.",
      ),
      yes: tr('Ja, glem forbindelsen', 'Yes, forget the connection'),
      action: async () => {
        this.say(tr('Glemmer forbindelsen …', 'Forgetting the connection …'));
        await forgetKitosConnection(this.code);
        this.connection = null;
        this.result.replaceChildren();
        this.renderForm(null);
        this.say(tr('KITOS-forbindelsen er glemt, og adgangskoden er slettet.', 'The KITOS connection is forgotten and the password deleted.'));
        this.focusHeading();
      },
      failed: (err) => this.say(tr(`Forbindelsen kunne ikke glemmes: ${reason(err)}`, `The connection could not be forgotten: ${reason(err)}`), true),
    });
  }

  /** The form to set up (`existing` null) or change the connection. */
  private renderForm(existing: KitosConnectionView | null): void {
    const editing = existing !== null;
    const fields: Record<ConnectionField, FormField> = {
      baseUrl: formField('baseUrl', tr('KITOS-adresse', 'KITOS address'), tr('Den offentlige KITOS er https://kitos.dk.', 'The public KITOS is https://kitos.dk.'), { type: 'url', inputmode: 'url' }),
      email: formField('email', tr('API-brugerens e-mailadresse', "The API user's email address"),
        editing
          ? tr(`Nu: ${existing.apiUserEmailHint}. Skriv hele adressen igen.`, `Now: ${existing.apiUserEmailHint}. Type the whole address again.`)
          : tr('Funktionspostkassen, KITOS har oprettet API-brugeren med.', 'The function mailbox KITOS created the API user with.'),
        { type: 'email' }),
      password: formField('password', tr('API-brugerens adgangskode', "The API user's password"),
        editing
          ? tr('Tomt: den gemte adgangskode bevares (kun når e-mailen er den samme).', 'Empty: the stored password stays (only when the email address is the same).')
          : tr('Gemmes krypteret og vises aldrig igen.', 'Stored encrypted and never shown again.'),
        { type: 'password' }),
      organizationUuid: formField('organizationUuid', tr('Organisationens UUID i KITOS', "The organisation's UUID in KITOS"),
        tr('Find den med knappen: serveren spørger KITOS med e-mailadressen og adgangskoden ovenfor, hvilke organisationer API-brugeren er medlem af.', 'Find it with the button: the server asks KITOS, with the email address and password above, which organisations the API user is a member of.'),
        { type: 'text' }),
    };
    fields.baseUrl.input.value = existing?.baseUrl ?? DEFAULT_BASE_URL;
    fields.organizationUuid.input.value = existing?.organizationUuid ?? '';
    const formError = el('p', { className: 'form-error', id: 'kitos-form-error', role: 'alert' });
    const find = el('button', { id: 'kitos-find', attrs: { type: 'button' } }, tr('Find organisationen', 'Find the organisation'));
    const choices = el('div', { id: 'kitos-org-choices' });
    const save = el('button', { className: 'primary', attrs: { type: 'submit' } }, tr('Gem forbindelsen', 'Save the connection'));
    const values = (): ConnectionFormValues => ({
      baseUrl: fields.baseUrl.input.value,
      email: fields.email.input.value,
      password: fields.password.input.value,
      organizationUuid: fields.organizationUuid.input.value,
    });
    /** Shows each error by its field (the first invalid field gets focus); the rest in the form's alert. */
    const show = (byField: Map<ConnectionField, { message: ProblemError['message'] }>, rest: string[]) => {
      for (const [name, f] of Object.entries(fields) as [ConnectionField, FormField][]) {
        const e = byField.get(name);
        f.error.textContent = e ? messageText(e.message, lang()) : '';
        if (e) f.input.setAttribute('aria-invalid', 'true');
        else f.input.removeAttribute('aria-invalid');
      }
      formError.textContent = rest.join(' ');
      const first = (Object.keys(fields) as ConnectionField[]).find((n) => byField.has(n));
      if (first) fields[first].input.focus();
    };
    const showLocal = (errors: FormError[]) => show(new Map(errors.map((e) => [e.field, e])), []);
    const showProblem = (errors: readonly ProblemError[], fallback: string) => {
      const { byField, rest } = sortProblemErrors(errors);
      show(byField, rest.length ? rest.map((e) => messageText(e.message, lang())) : byField.size ? [] : [fallback]);
    };

    const form = el(
      'form',
      { className: 'kitos-form', id: 'kitos-form', attrs: { novalidate: '', 'aria-labelledby': 'kitos-form-heading' } },
      el('h3', { id: 'kitos-form-heading', attrs: { tabindex: '-1' } }, editing ? tr('Skift KITOS-forbindelsen', 'Change the KITOS connection') : tr('Opret KITOS-forbindelsen', 'Set up the KITOS connection')),
      fields.baseUrl.row,
      fields.email.row,
      fields.password.row,
      fields.organizationUuid.row,
      el('p', {}, find),
      choices,
      formError,
      el('p', { className: 'kitos-actions' }, save, ...(editing ? [' ', (() => {
        const cancel = el('button', { id: 'kitos-cancel', attrs: { type: 'button' } }, tr('Fortryd', 'Cancel'));
        cancel.addEventListener('click', () => {
          this.renderState(existing);
          this.element.querySelector<HTMLButtonElement>('#kitos-edit')?.focus();
        });
        return cancel;
      })()] : [])),
    );

    find.addEventListener('click', async () => {
      if (this.busy) return;
      const v = values();
      const local = checkConnectionForm(v, editing, true);
      if (local.length) return showLocal(local);
      show(new Map(), []);
      choices.replaceChildren();
      this.busy = true;
      find.disabled = true;
      this.say(tr('Spørger KITOS, hvilke organisationer API-brugeren er medlem af …', 'Asking KITOS which organisations the API user is a member of …'));
      try {
        const outcome = await findKitosOrganizations(this.code, { baseUrl: v.baseUrl.trim() || null, email: v.email.trim(), password: v.password });
        if (!outcome.ok) {
          this.say(tr('Organisationen kunne ikke findes.', 'The organisation could not be found.'), true);
          showProblem(outcome.problem.errors, this.problemLine(outcome.problem));
          return;
        }
        this.offerOrganizations(outcome.body.items, fields.organizationUuid.input, choices);
      } catch {
        this.say(tr('Serveren svarede ikke (netværksfejl). Prøv igen.', 'The server did not answer (network error). Try again.'), true);
      } finally {
        this.busy = false;
        find.disabled = false;
      }
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (this.busy) return;
      const v = values();
      const local = checkConnectionForm(v, editing);
      if (local.length) return showLocal(local);
      show(new Map(), []);
      this.busy = true;
      save.disabled = true;
      this.say(tr('Gemmer forbindelsen …', 'Saving the connection …'));
      try {
        const saved = await saveKitosConnection(this.code, {
          baseUrl: v.baseUrl.trim() || null,
          organizationUuid: v.organizationUuid.trim(),
          email: v.email.trim(),
          ...(v.password === '' ? {} : { password: v.password }),
        });
        this.connection = saved;
        this.renderState(saved);
        this.say(tr('KITOS-forbindelsen er gemt. Adgangskoden er krypteret.', 'The KITOS connection is saved. The password is encrypted.'));
        this.focusHeading();
      } catch (err) {
        this.say(tr('Forbindelsen blev ikke gemt.', 'The connection was not saved.'), true);
        if (err instanceof ApiError) showProblem(err.errors, err.status === 401 || err.status === 403 ? tr('Du har ikke adgang til at ændre kommunens KITOS-forbindelse (log evt. ind igen).', "You may not change the municipality's KITOS connection (try signing in again).") : err.title);
        else show(new Map(), [tr('Serveren svarede ikke (netværksfejl). Prøv igen.', 'The server did not answer (network error). Try again.')]);
      } finally {
        this.busy = false;
        save.disabled = false;
      }
    });

    this.body.replaceChildren(...(editing ? [] : [this.explanation()]), form);
    if (editing) form.querySelector<HTMLElement>('#kitos-form-heading')!.focus();
  }

  /** One organisation fills the UUID; several are offered in a select; none is said. */
  private offerOrganizations(items: KitosOrganization[], uuid: HTMLInputElement, choices: HTMLElement): void {
    const named = (o: KitosOrganization) => (o.cvr ? tr(`${o.name} (CVR ${o.cvr})`, `${o.name} (CVR ${o.cvr})`) : o.name);
    if (items.length === 0) {
      this.say(tr('API-brugeren er ikke medlem af nogen organisation i KITOS. Bed kommunens KITOS-administrator give den adgang.', "The API user is not a member of any organisation in KITOS. Ask the municipality's KITOS administrator to give it access."), true);
      return;
    }
    if (items.length === 1) {
      uuid.value = items[0]!.uuid;
      uuid.removeAttribute('aria-invalid');
      this.say(tr(`Fandt ${named(items[0]!)}. UUID’et er udfyldt.`, `Found ${named(items[0]!)}. The UUID is filled in.`));
      return;
    }
    const select = el('select', { id: 'kitos-org-choice' });
    select.append(el('option', { attrs: { value: '' } }, tr('Vælg organisationen', 'Choose the organisation')), ...items.map((o) => el('option', { attrs: { value: o.uuid } }, named(o))));
    select.addEventListener('change', () => {
      if (select.value) uuid.value = select.value;
    });
    choices.replaceChildren(el('label', { attrs: { for: 'kitos-org-choice' } }, tr('API-brugeren er medlem af flere organisationer', 'The API user is a member of several organisations')), select);
    this.say(tr(`API-brugeren er medlem af ${whole()(items.length)} organisationer: vælg kommunens.`, `The API user is a member of ${whole()(items.length)} organisations: choose the municipality's.`));
    select.focus();
  }

  /** "Hent fra KITOS" with its two choices. */
  private syncForm(): HTMLElement {
    const dryRun = el('input', { id: 'kitos-dry-run', attrs: { type: 'checkbox', name: 'dryRun' } });
    const full = el('input', { id: 'kitos-full', attrs: { type: 'checkbox', name: 'full' } });
    const run = el('button', { className: 'primary', id: 'kitos-sync', attrs: { type: 'submit' } }, tr('Hent fra KITOS', 'Fetch from KITOS'));
    const form = el(
      'form',
      { className: 'kitos-sync-form', id: 'kitos-sync-form', attrs: { 'aria-label': tr('Hent fra KITOS', 'Fetch from KITOS') } },
      el('p', { className: 'kitos-check' }, dryRun, el('label', { attrs: { for: 'kitos-dry-run' } }, tr('Prøvekørsel (gem intet)', 'Dry run (save nothing)'))),
      el('p', { className: 'kitos-check' }, full, el('label', { attrs: { for: 'kitos-full' } }, tr('Hent alt (ikke kun ændringer)', 'Fetch everything (not only changes)'))),
      el('p', {}, run),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.sync({ dryRun: dryRun.checked, full: full.checked });
    });
    return form;
  }

  private async sync(options: { dryRun: boolean; full: boolean }): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const buttons = [...this.element.querySelectorAll<HTMLButtonElement>('#kitos-sync, #kitos-commit')];
    for (const b of buttons) b.disabled = true;
    this.say(options.dryRun ? tr('Henter fra KITOS til en prøvekørsel …', 'Fetching from KITOS for a dry run …') : tr('Henter fra KITOS …', 'Fetching from KITOS …'));
    try {
      const outcome = await runKitosSync(this.code, options);
      // A dry run of data equal to the current version answers "unchanged": still a dry run.
      if (outcome.ok && (options.dryRun || outcome.body.status === 'dry_run')) this.showDryRun(outcome.body, options.full);
      else if (outcome.ok) this.showSaved(outcome.body);
      else this.showProblem(outcome.problem);
    } catch {
      this.say(tr('Serveren svarede ikke (netværksfejl). Intet er gemt. Prøv igen.', 'The server did not answer (network error). Nothing was saved. Try again.'), true);
    } finally {
      this.busy = false;
      for (const b of buttons) b.disabled = false;
      this.onRun();
      // The state (last sync, its error, the cursor) changed with the sync; the result stays shown.
      await this.refreshState();
    }
  }

  /** Reloads the connection's state, keeping the result and the live region as they are. */
  private async refreshState(): Promise<void> {
    try {
      this.connection = await fetchKitosConnection(this.code);
    } catch {
      return;
    }
    if (this.connection) this.renderState(this.connection);
    else if (this.mayConfigure) this.renderForm(null);
  }

  /** What the sync read: full or only changes (and why), and how many of each kind. */
  private summary(s: KitosSyncSummary | undefined): HTMLElement | '' {
    if (!s) return '';
    const n = whole();
    const item = (label: string, value: string, key: string) => [el('dt', {}, label), el('dd', { data: { sync: key } }, value)];
    return el(
      'dl',
      { className: 'import-meta', id: 'kitos-sync-summary' },
      ...item(tr('Læst', 'Read'), s.mode === 'full' ? tr('alt i organisationen', 'everything in the organisation') : tr('kun ændringer siden sidste hentning', 'only changes since the last fetch'), 'mode'),
      ...(s.reason ? item(tr('Hvorfor', 'Why'), s.reason[lang()], 'reason') : []),
      ...item(tr('Systemanvendelser', 'System usages'), n(s.entities.usages), 'usages'),
      ...item(tr('Systemer i kataloget', 'Catalogue systems'), n(s.entities.systems), 'systems'),
      ...item(tr('Kontrakter', 'Contracts'), n(s.entities.contracts), 'contracts'),
      ...item(tr('Organisationsenheder', 'Organisation units'), n(s.entities.organizationUnits), 'units'),
      ...item(tr('Databehandlingsregistreringer', 'Data-processing registrations'), n(s.entities.dataProcessingRegistrations), 'dprs'),
      ...(s.changed != null ? item(tr('Ændret', 'Changed'), n(s.changed), 'changed') : []),
      ...(s.deleted != null ? item(tr('Slettet', 'Deleted'), n(s.deleted), 'deleted') : []),
    );
  }

  private rowsText(r: KitosSyncReport): string {
    const n = whole();
    // Rows are the usages and the contracts read (as a file's rows would be), not only systems.
    return tr(`${n(r.rows.read)} poster læst (systemer og kontrakter), ${n(r.rows.accepted)} godkendt, ${n(r.rows.rejected)} afvist.`, `${n(r.rows.read)} records read (systems and contracts), ${n(r.rows.accepted)} accepted, ${n(r.rows.rejected)} rejected.`);
  }

  private showResult(heading: string, ...parts: (HTMLElement | string)[]): void {
    const h = el('h3', { id: 'kitos-result-heading', attrs: { tabindex: '-1' } }, heading);
    this.result.replaceChildren(el('section', { className: 'kitos-result', attrs: { 'aria-labelledby': 'kitos-result-heading' } }, h, ...parts));
    h.focus();
  }

  private showDryRun(report: KitosSyncReport, full: boolean): void {
    const errors = issueRows(report.errors, lang());
    const clean = errors.length === 0 && report.omittedIssues === 0;
    const unchanged = report.status === 'unchanged';
    this.say(tr(`Prøvekørslen er færdig: ${this.rowsText(report)}`, `The dry run is done: ${this.rowsText(report)}`));
    const parts: (HTMLElement | string)[] = [
      el('p', {}, this.rowsText(report)),
      this.summary(report.sync),
      errorSection(errors, report.omittedIssues, null, 'kitos'),
      warningsDetails(report, 'kitos-warning-table'),
    ];
    if (unchanged) parts.push(el('p', { className: 'notice', id: 'kitos-unchanged' }, tr('Data i KITOS svarer til kommunens aktuelle version; der er intet nyt at gemme.', "The data in KITOS matches the municipality's current version; there is nothing new to save.")));
    if (report.preview.length) parts.push(previewTable(report, 'kitos-preview-table'));
    if (clean && !unchanged) {
      const commit = el('button', { className: 'primary', id: 'kitos-commit', attrs: { type: 'button' } }, tr('Hent og gem', 'Fetch and save'));
      commit.addEventListener('click', () => void this.sync({ dryRun: false, full }));
      parts.push(el('p', { className: 'commit-line' }, commit, ' ', el('span', { className: 'hint' }, tr('Henter igen fra KITOS og gemmer det som kommunens nye version.', "Fetches from KITOS again and saves it as the municipality's new version."))));
    }
    this.showResult(tr('Prøvekørsel fra KITOS: intet er gemt', 'Dry run from KITOS: nothing was saved'), ...parts);
  }

  private showSaved(report: KitosSyncReport): void {
    const committed = report.status === 'committed';
    const version = report.inventoryVersionNumber ?? report.inventoryVersionId;
    const text = committed
      ? tr(
          `${whole()(report.rows.accepted)} poster er hentet fra KITOS og gemt som version ${version}, som nu er kommunens aktuelle oversigt og er scoret.`,
          `${whole()(report.rows.accepted)} records were fetched from KITOS and saved as version ${version}, now the municipality's current inventory, and scored.`,
        )
      : tr('Data i KITOS svarer til kommunens aktuelle version; der er ikke lavet en ny.', "The data in KITOS matches the municipality's current version; no new one was made.");
    this.say(text);
    const created = [
      ...(report.vendorsCreated.length ? [tr(`Nye leverandører: ${report.vendorsCreated.map((v) => v.name).join(', ')}.`, `New vendors: ${report.vendorsCreated.map((v) => v.name).join(', ')}.`)] : []),
      ...(report.productsCreated.length ? [tr(`Nye produkter: ${report.productsCreated.map((p) => p.name).join(', ')}.`, `New products: ${report.productsCreated.map((p) => p.name).join(', ')}.`)] : []),
    ];
    this.showResult(
      committed ? tr('Hentet fra KITOS og gemt', 'Fetched from KITOS and saved') : tr('Intet nyt i KITOS', 'Nothing new in KITOS'),
      el('p', {}, text),
      ...created.map((c) => el('p', { className: 'hint' }, c)),
      this.summary(report.sync),
      warningsDetails(report, 'kitos-warning-table'),
      el('p', {}, link(`/kommuner/${this.code}`, tr('Se kommunens overblik', "See the municipality's dashboard"))),
    );
  }

  /** A problem's text for the status line: the first error's message, else its title. */
  private problemLine(p: KitosProblem): string {
    return problemText(p, lang());
  }

  private showProblem(p: KitosProblem): void {
    if (p.status === 422) {
      const errors = issueRows(p.report?.errors ?? p.errors, lang());
      const omitted = p.report?.omittedIssues ?? 0;
      this.say(tr(`Data fra KITOS blev afvist med ${whole()(errors.length + omitted)} fejl. Intet er gemt.`, `The data from KITOS was refused with ${whole()(errors.length + omitted)} errors. Nothing was saved.`), true);
      this.showResult(
        tr('Data fra KITOS blev afvist', 'The data from KITOS was refused'),
        ...(p.report ? [el('p', {}, this.rowsText(p.report)), this.summary(p.report.sync)] : []),
        errorSection(errors, omitted, p, 'kitos'),
        warningsDetails(p.report, 'kitos-warning-table'),
      );
      return;
    }
    // KITOS's messages are whole sentences: the text below adds its own full stop.
    const why = this.problemLine(p).replace(/[.\s]+$/, '');
    const text =
      p.status === 409
        ? tr('En anden hentning fra KITOS kører allerede for kommunen. Vent, til den er færdig, og prøv igen.', 'Another fetch from KITOS is already running for the municipality. Wait until it is done and try again.')
        : p.status === 502
          ? tr(`KITOS afviste adgangen: ${why}.`, `KITOS refused access: ${why}.`)
          : p.status === 503
            ? tr(`Hentningen kunne ikke gennemføres nu: ${why}. Intet er gemt; prøv igen senere.`, `The fetch could not be done now: ${why}. Nothing was saved; try again later.`)
            : p.status === 404
              ? tr('Kommunen har ingen KITOS-forbindelse (den er måske lige blevet glemt).', 'The municipality has no KITOS connection (it may just have been forgotten).')
              : p.status === 401 || p.status === 403
                ? tr('Du har ikke adgang til at hente fra KITOS for denne kommune (log evt. ind igen).', 'You may not fetch from KITOS for this municipality (try signing in again).')
                : tr(`Hentningen mislykkedes: ${why}.`, `The fetch failed: ${why}.`);
    this.say(text, true);
    this.showResult(tr('Hentningen fra KITOS mislykkedes', 'The fetch from KITOS failed'), el('p', { id: 'kitos-failure' }, text));
  }

  private say(text: string, error = false): void {
    this.status.classList.toggle('error', error);
    this.status.textContent = text;
  }

  private focusHeading(): void {
    const h = this.element.querySelector<HTMLElement>('#kitos-heading')!;
    h.setAttribute('tabindex', '-1');
    h.focus();
  }
}

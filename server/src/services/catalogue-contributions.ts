// Contributions to the open-source catalogue: proposed alternatives and experience reports wait
// as `pending` until a moderator publishes or rejects them. Readers see published (and
// unverified reference) entries; an author also sees their own contributions in every state;
// moderators see everything and the queue. Every proposal and decision is audited in its own
// transaction; a refused one writes nothing.
import { type UnreviewedVendor, unreviewedVendors } from './vendor-review.ts';
import type { Kysely } from 'kysely';
import { parseSpdx } from '../../../importers/values.ts';
import { canContribute, canModerate, municipalitiesOf, type Principal } from '../auth/policy.ts';
import type { AlternativeRow, Database } from '../db/schema.ts';
import { type AlternativeProposal, blank, checkProposal, type SpdxCheck } from '../domain/alternative-proposal.ts';
import type { FieldError } from '../domain/field-error.ts';
import { catalogueKey } from '../domain/names.ts';
import { AppError, ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.ts';
import { descriptionBlock, type PubliccodeDescriptionBlock, toPubliccodeYml } from '../exports/publiccode.ts';
import { factsOfAlternative, sourcedFactsByAlternative } from '../repositories/alternatives.repository.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { ALTERNATIVE_FACTS } from '../reference/schemas.ts';
import { currentVersionsUsingProducts, PUBLIC_REPORT_STATES, PUBLIC_STATES, visibleIn } from '../repositories/catalogue.repository.ts';
import { type Db, nowIso } from '../repositories/db-types.ts';
import { findUserById } from '../repositories/users.repository.ts';
import type { MaturityScore } from '../scoring/index.ts';
import { contentScope, demand, demandOverview, maturityOf, PUBLICCODE_VOCAB } from './catalogue-common.ts';
import { type AlternativeListRow, alternativeAdopters, queryAlternatives, toAlternativeRow, withListColumns } from './lists/alternatives.ts';
import { localProductQueue } from './local-products.ts';
import { recomputeNational, scoreVersions, today } from './scores.ts';

/** A catalogue entry that cannot become a valid publiccode.yml: every missing or invalid key is listed. */
export class PubliccodeIncompleteError extends AppError {
  readonly type = 'publiccode-incomplete';
  readonly status = 422;
  readonly title = { da: 'Posten kan ikke blive en gyldig publiccode.yml', en: 'The entry cannot make a valid publiccode.yml' };
}

export type Decision = 'publish' | 'reject';
const targetState = (d: Decision) => (d === 'publish' ? 'published' : 'rejected');

/** A rejection tells the author why. */
function checkDecision(decision: Decision, note: string | null): void {
  if (decision === 'reject' && !note?.trim()) {
    throw new InputError('A rejection needs a note for the author', [{ field: 'note', message: { da: 'Skriv en begrundelse til forfatteren', en: 'Give the author a reason' } }]);
  }
}

// ---------------------------------------------------------------------------------------------
// Alternatives

export interface AlternativeDetail extends AlternativeListRow {
  products: { productId: number; name: string; fitNotes: string | null; migrationEffort: string | null; verified: boolean }[];
  /** The maturity score (AMS) with its components, as of today. */
  maturity: Pick<MaturityScore, 'ams' | 'knownMetrics' | 'metricCount' | 'components' | 'unknownMetrics' | 'note'>;
  /** The municipalities that use it (current inventory or a published experience report), by name. */
  municipalities: { code: number; name: string }[];
  /** Published experience reports. */
  experienceReportCount: number;
  /**
   * Where each fact comes from: the sourced facts (data/reference/alternative-facts.csv), grouped by
   * fact in the order of `ALTERNATIVE_FACTS`, each value with its source (URL or document), the date
   * the source was read, and whether the source states it (`verified: false`: inferred or general
   * knowledge, the note says which). Empty for an entry without sourced facts (a contribution).
   */
  facts: AlternativeFactGroup[];
  /** publiccode.yml's localisation, as a publiccode.yml import stored it; null: unknown. */
  localisation: { ready: boolean | null; languages: string[] | null };
  /** For the author and moderators only (null for other readers). */
  moderation: { submittedByUserId: number | null; moderatedByUserId: number | null; moderatedAt: string | null; note: string | null } | null;
  createdAt: string;
}

export interface AlternativeFactGroup {
  fact: string;
  values: { value: string; qualifiers: Record<string, string>; source: string; sourceDate: string; verified: boolean; note: string | null }[];
}

const FACT_ORDER = new Map<string, number>(ALTERNATIVE_FACTS.map((f, i) => [f, i]));

/** The alternative's sourced facts grouped by fact, in the closed list's order (unknown facts last, by name). */
async function sourcedFacts(db: Db, alternativeId: number): Promise<AlternativeFactGroup[]> {
  const groups = new Map<string, AlternativeFactGroup>();
  for (const f of await factsOfAlternative(db, alternativeId)) {
    const group = groups.get(f.fact) ?? { fact: f.fact, values: [] };
    group.values.push({ value: f.value, qualifiers: JSON.parse(f.qualifiers) as Record<string, string>, source: f.source, sourceDate: f.source_date, verified: f.verified === 1, note: f.note });
    groups.set(f.fact, group);
  }
  const rank = (fact: string) => FACT_ORDER.get(fact) ?? FACT_ORDER.size;
  return [...groups.values()].sort((a, b) => rank(a.fact) - rank(b.fact) || a.fact.localeCompare(b.fact));
}

async function visibleAlternative(db: Db, principal: Principal, id: number): Promise<AlternativeRow> {
  const a = await db.selectFrom('alternatives as a').selectAll('a').where('a.id', '=', id).where(visibleIn(contentScope(principal), 'a', PUBLIC_STATES)).executeTakeFirst();
  // Someone else's pending or rejected contribution does not exist for the asker.
  if (!a) throw new NotFoundError(`No alternative with id ${id}`);
  return a;
}

async function alternativeDetail(db: Db, principal: Principal, a: AlternativeRow): Promise<AlternativeDetail> {
  const row = await withListColumns(db as Kysely<Database>, db.selectFrom('alternatives as a').where('a.id', '=', a.id)).executeTakeFirstOrThrow();
  const products = await db
    .selectFrom('product_alternatives as pa')
    .innerJoin('products as p', 'p.id', 'pa.product_id')
    .select(['p.id', 'p.name', 'pa.fit_notes', 'pa.migration_effort', 'pa.verified'])
    .where('pa.alternative_id', '=', a.id)
    .orderBy('p.name')
    .execute();
  const reports = await db
    .selectFrom('experience_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('alternative_id', '=', a.id)
    .where('moderation_state', 'in', [...PUBLIC_REPORT_STATES])
    .executeTakeFirstOrThrow();
  const adopters = await db
    .selectFrom(alternativeAdopters(db).as('x'))
    .innerJoin('municipalities as m', 'm.code', 'x.municipality_code')
    .select(['m.code', 'm.name'])
    .where('x.alternative_id', '=', a.id)
    .orderBy('m.name')
    .execute();
  const ownFacts = (await sourcedFactsByAlternative(db, [a.id])).get(a.id) ?? [];
  const { ams, knownMetrics, metricCount, components, unknownMetrics, note } = maturityOf(a, ownFacts, today());
  const insider = canModerate(principal) || (principal.userId !== null && a.submitted_by_user_id === principal.userId);
  return {
    ...toAlternativeRow(row, principal.userId, today(), ownFacts),
    replaces: products.map((p) => p.name),
    products: products.map((p) => ({ productId: p.id, name: p.name, fitNotes: p.fit_notes, migrationEffort: p.migration_effort, verified: p.verified === 1 })),
    maturity: { ams, knownMetrics, metricCount, components, unknownMetrics, note },
    municipalities: adopters.map((m) => ({ code: m.code, name: m.name })),
    experienceReportCount: Number(reports.n),
    facts: await sourcedFacts(db, a.id),
    localisation: { ready: a.localisation_ready === null ? null : a.localisation_ready === 1, languages: storedList(a.available_languages) },
    moderation: insider ? { submittedByUserId: a.submitted_by_user_id, moderatedByUserId: a.moderated_by_user_id, moderatedAt: a.moderated_at, note: a.moderation_note } : null,
    createdAt: a.created_at,
  };
}

export async function getAlternative(db: Kysely<Database>, principal: Principal, id: number): Promise<AlternativeDetail> {
  demandOverview(principal, 'see the open-source catalogue');
  return alternativeDetail(db, principal, await visibleAlternative(db, principal, id));
}

export type { AlternativeProposal };

/** The server's SPDX check: the full licence list, and whether the expression grants an open-source licence. */
const spdxOf: SpdxCheck = (raw) => {
  const r = parseSpdx(raw);
  return r.ok ? { ok: true, expression: r.value.expression, open: r.value.open } : { ok: false, message: r.message };
};

/** Proposes an alternative (contributors): stored as `pending`, unverified, for a moderator to decide. */
export async function proposeAlternative(db: Kysely<Database>, principal: Principal, p: AlternativeProposal): Promise<AlternativeDetail> {
  demand(principal, canContribute(principal), 'propose alternatives');
  const { errors, spdx } = checkProposal(p, PUBLICCODE_VOCAB, spdxOf);
  if (errors.length) throw new InputError(`${errors.length} problem(s) in the proposal`, errors);
  const key = catalogueKey(p.name);
  const productIds = [...new Set(p.productIds ?? [])];
  return db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom('alternatives').select(['id', 'name']).where('key', '=', key).executeTakeFirst();
    if (clash) throw new ConflictError(`The catalogue already has ${clash.name} (id ${clash.id})`, [{ field: 'name', value: p.name, message: { da: `Kataloget har allerede ${clash.name}`, en: `The catalogue already has ${clash.name}` } }]);
    const refErrors: FieldError[] = [];
    if (p.stewardVendorId != null && !(await trx.selectFrom('vendors').select('id').where('id', '=', p.stewardVendorId).executeTakeFirst())) {
      refErrors.push({ field: 'stewardVendorId', value: String(p.stewardVendorId), message: { da: 'Ukendt leverandør', en: 'Unknown vendor' } });
    }
    if (productIds.length) {
      const known = new Set((await trx.selectFrom('products').select('id').where('id', 'in', productIds).execute()).map((r) => r.id));
      for (const id of productIds) if (!known.has(id)) refErrors.push({ field: 'productIds', value: String(id), message: { da: 'Ukendt produkt', en: 'Unknown product' } });
    }
    if (refErrors.length) throw new InputError(`${refErrors.length} unknown reference(s) in the proposal`, refErrors);
    const now = nowIso();
    const values = {
      key,
      name: p.name.trim(),
      url: blank(p.url),
      repository_url: blank(p.repositoryUrl),
      software_type: blank(p.softwareType),
      development_status: blank(p.developmentStatus),
      spdx_license: spdx,
      license_verified: 1 as const,
      maintenance_type: blank(p.maintenanceType),
      platforms: JSON.stringify((p.platforms ?? []).map((x) => x.trim())),
      categories: JSON.stringify(p.categories ?? []),
      description_da: blank(p.descriptionDa),
      description_en: blank(p.descriptionEn),
      localisation_ready: p.localisationReady == null ? null : p.localisationReady ? (1 as const) : (0 as const),
      available_languages: p.availableLanguages?.length ? JSON.stringify(p.availableLanguages.map((l) => l.trim())) : null,
      publiccode_description: proposedBlocks(p),
      steward_vendor_id: p.stewardVendorId ?? null,
      last_release_at: blank(p.lastReleaseAt),
      moderation_state: 'pending',
      source: 'contribution',
      verified: 0 as const,
      notes: null,
      created_at: now,
      updated_at: now,
      submitted_by_user_id: principal.userId,
    };
    const { id } = await trx.insertInto('alternatives').values(values).returning('id').executeTakeFirstOrThrow();
    for (const productId of productIds) {
      await trx.insertInto('product_alternatives').values({ product_id: productId, alternative_id: id, fit_notes: blank(p.fitNotes), migration_effort: null, source: 'contribution', verified: 0 }).execute();
    }
    await recordAudit(trx, principal, { action: 'alternative.propose', entityType: 'alternative', entityId: id, before: null, after: { ...values, productIds } });
    return alternativeDetail(trx, principal, await trx.selectFrom('alternatives').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  });
}

/** Rescoring after a catalogue change: the current inventories using the products, and the nation. */
async function rescoreProducts(trx: Db, productIds: readonly number[]): Promise<void> {
  const versions = await currentVersionsUsingProducts(trx, productIds);
  if (!versions.length) return;
  await scoreVersions(trx, versions);
  await recomputeNational(trx);
}

/**
 * Publishes or rejects an alternative (moderators). Publishing marks the entry and its
 * contributed product mappings verified. The alternatives mapped onto a product are an input of
 * its substitutability (F5), so the inventories using those products are rescored in the same
 * transaction. Deciding what is already decided is refused (409).
 */
export async function moderateAlternative(db: Kysely<Database>, principal: Principal, id: number, decision: Decision, note: string | null): Promise<AlternativeDetail> {
  demand(principal, canModerate(principal), 'moderate the catalogue');
  checkDecision(decision, note);
  return db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('alternatives').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw new NotFoundError(`No alternative with id ${id}`);
    const state = targetState(decision);
    if (a.moderation_state === state) throw new ConflictError(`The alternative is already ${state}`, [{ field: 'decision', value: decision, message: { da: 'Posten har allerede den status', en: 'The entry already has that state' } }]);
    const now = nowIso();
    const after = { moderation_state: state, moderated_by_user_id: principal.userId, moderated_at: now, moderation_note: blank(note), verified: decision === 'publish' ? (1 as const) : a.verified, updated_at: now };
    await trx.updateTable('alternatives').set(after).where('id', '=', id).execute();
    if (decision === 'publish') await trx.updateTable('product_alternatives').set({ verified: 1 }).where('alternative_id', '=', id).where('source', '=', 'contribution').execute();
    const productIds = (await trx.selectFrom('product_alternatives').select('product_id').where('alternative_id', '=', id).execute()).map((r) => r.product_id);
    await rescoreProducts(trx, productIds);
    await recordAudit(trx, principal, {
      action: 'alternative.moderate',
      entityType: 'alternative',
      entityId: id,
      before: { moderation_state: a.moderation_state, moderated_by_user_id: a.moderated_by_user_id, moderated_at: a.moderated_at, moderation_note: a.moderation_note, verified: a.verified },
      after: { decision, ...after },
    });
    return alternativeDetail(trx, principal, { ...a, ...after });
  });
}

/**
 * The entry as publiccode.yml 0.4, with the localisation and description blocks a publiccode.yml
 * import stored. The caller may supply localisation where the catalogue doesn't know it (the
 * steward does); without it — or any other required key — a 422 lists them all.
 */
export async function alternativePubliccode(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  extra: { localisationReady?: boolean; availableLanguages?: string[] } = {},
): Promise<{ yaml: string; fileName: string }> {
  demandOverview(principal, 'see the open-source catalogue');
  const a = await visibleAlternative(db, principal, id);
  const steward = a.steward_vendor_id == null ? null : await db.selectFrom('vendors').select('name').where('id', '=', a.steward_vendor_id).executeTakeFirst();
  const facts = await factsOfAlternative(db, a.id);
  // Without a steward vendor, the steward the sourced facts name is the maintenance contact.
  const stewardFact = steward ? undefined : facts.find((f) => f.fact === 'steward');
  const r = toPubliccodeYml({
    ...a,
    steward_name: steward?.name ?? stewardFact?.value ?? null,
    localisation_ready: extra.localisationReady ?? (a.localisation_ready === null ? null : a.localisation_ready === 1),
    available_languages: extra.availableLanguages ?? storedList(a.available_languages),
    contractors: storedContractors(a.maintenance_contractors) ?? contractorsOfFacts(facts),
  });
  if (!r.ok) throw new PubliccodeIncompleteError(`${a.name} lacks ${r.errors.length} fact(s) publiccode.yml requires: ${[...new Set(r.errors.map((e) => e.field))].join(', ')}`, r.errors);
  return { yaml: r.yaml, fileName: `${a.key}.publiccode.yml` };
}

// ---------------------------------------------------------------------------------------------
// Experience reports

export interface ExperienceReport {
  id: number;
  alternativeId: number;
  alternative: string;
  municipalityCode: number | null;
  municipality: string | null;
  title: string;
  body: string;
  rating: number | null;
  author: string;
  moderationState: string;
  mine: boolean;
  createdAt: string;
  updatedAt: string;
  /** For the author and moderators only (null for other readers). */
  moderation: { moderatedAt: string | null; note: string | null } | null;
}

function reportsQuery(db: Db) {
  return db
    .selectFrom('experience_reports as r')
    .innerJoin('alternatives as a', 'a.id', 'r.alternative_id')
    .leftJoin('municipalities as m', 'm.code', 'r.municipality_code')
    .selectAll('r')
    .select(['a.name as alternative', 'm.name as municipality']);
}

type ReportRow = Awaited<ReturnType<ReturnType<typeof reportsQuery>['executeTakeFirstOrThrow']>>;

function toReport(r: ReportRow, principal: Principal): ExperienceReport {
  const mine = principal.userId !== null && r.submitted_by_user_id === principal.userId;
  return {
    id: r.id,
    alternativeId: r.alternative_id,
    alternative: r.alternative,
    municipalityCode: r.municipality_code,
    municipality: r.municipality,
    title: r.title,
    body: r.body,
    rating: r.rating,
    author: r.author,
    moderationState: r.moderation_state,
    mine,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    moderation: mine || canModerate(principal) ? { moderatedAt: r.moderated_at, note: r.moderation_note } : null,
  };
}

/** The reports on one alternative, newest first: published ones, plus one's own (moderators: all). */
export async function listExperienceReports(db: Kysely<Database>, principal: Principal, alternativeId: number, page: { limit: number; offset: number }): Promise<{ items: ExperienceReport[]; total: number }> {
  demandOverview(principal, 'see experience reports');
  await visibleAlternative(db, principal, alternativeId);
  const scope = visibleIn(contentScope(principal), 'r', PUBLIC_REPORT_STATES);
  const total = await db.selectFrom('experience_reports as r').select((eb) => eb.fn.countAll<number>().as('n')).where('r.alternative_id', '=', alternativeId).where(scope).executeTakeFirstOrThrow();
  const rows = await reportsQuery(db).where('r.alternative_id', '=', alternativeId).where(scope).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(page.limit).offset(page.offset).execute();
  return { items: rows.map((r) => toReport(r, principal)), total: Number(total.n) };
}

export interface NewExperienceReport {
  title: string;
  body: string;
  rating?: number | null;
  /** A municipality the author acts for (leaders and architects; moderators and admins any). */
  municipalityCode?: number | null;
  /** How the author is shown; the account's display name (else e-mail) by default. */
  author?: string | null;
}

/** Writes a report on an alternative (contributors): `pending` until a moderator decides. */
export async function createExperienceReport(db: Kysely<Database>, principal: Principal, alternativeId: number, input: NewExperienceReport): Promise<ExperienceReport> {
  demand(principal, canContribute(principal), 'write experience reports');
  const code = input.municipalityCode ?? null;
  if (code !== null && !canModerate(principal) && !municipalitiesOf(principal).includes(code)) {
    throw new ForbiddenError(`You do not act for municipality ${code}`, [{ field: 'municipalityCode', value: String(code), message: { da: 'Du kan kun skrive på vegne af din egen kommune', en: 'You can only write on behalf of your own municipality' } }]);
  }
  return db.transaction().execute(async (trx) => {
    const a = await visibleAlternative(trx, principal, alternativeId);
    if (a.moderation_state === 'rejected') throw new ConflictError('The alternative was rejected', [{ field: 'alternativeId', value: String(alternativeId), message: { da: 'Alternativet er afvist', en: 'The alternative was rejected' } }]);
    if (code !== null && !(await trx.selectFrom('municipalities').select('code').where('code', '=', code).executeTakeFirst())) {
      throw new InputError(`No municipality with code ${code}`, [{ field: 'municipalityCode', value: String(code), message: { da: 'Ukendt kommunekode', en: 'Unknown municipality code' } }]);
    }
    const user = principal.userId === null ? undefined : await findUserById(trx, principal.userId);
    const now = nowIso();
    const values = {
      alternative_id: alternativeId,
      municipality_code: code,
      title: input.title.trim(),
      body: input.body.trim(),
      rating: input.rating ?? null,
      author: blank(input.author) ?? blank(user?.display_name) ?? principal.label,
      moderation_state: 'pending',
      created_at: now,
      updated_at: now,
      submitted_by_user_id: principal.userId,
    };
    const { id } = await trx.insertInto('experience_reports').values(values).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, principal, { action: 'experience_report.propose', entityType: 'experience_report', entityId: id, municipalityCode: code, before: null, after: values });
    return toReport(await reportsQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow(), principal);
  });
}

/** Publishes or rejects an experience report (moderators). */
export async function moderateExperienceReport(db: Kysely<Database>, principal: Principal, id: number, decision: Decision, note: string | null): Promise<ExperienceReport> {
  demand(principal, canModerate(principal), 'moderate experience reports');
  checkDecision(decision, note);
  return db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('experience_reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new NotFoundError(`No experience report with id ${id}`);
    const state = targetState(decision);
    if (r.moderation_state === state) throw new ConflictError(`The report is already ${state}`, [{ field: 'decision', value: decision, message: { da: 'Beretningen har allerede den status', en: 'The report already has that state' } }]);
    const now = nowIso();
    const after = { moderation_state: state, moderated_by_user_id: principal.userId, moderated_at: now, moderation_note: blank(note), updated_at: now };
    await trx.updateTable('experience_reports').set(after).where('id', '=', id).execute();
    await recordAudit(trx, principal, {
      action: 'experience_report.moderate',
      entityType: 'experience_report',
      entityId: id,
      municipalityCode: r.municipality_code,
      before: { moderation_state: r.moderation_state, moderated_by_user_id: r.moderated_by_user_id, moderated_at: r.moderated_at, moderation_note: r.moderation_note },
      after: { decision, ...after },
    });
    return toReport(await reportsQuery(trx).where('r.id', '=', id).executeTakeFirstOrThrow(), principal);
  });
}

// ---------------------------------------------------------------------------------------------
// The moderation queue

export interface ModerationQueue {
  alternatives: { items: AlternativeListRow[]; total: number };
  experienceReports: { items: ExperienceReport[]; total: number };
  /** Vendors created by imports, local to their municipality until adopted or merged (vendor-review.ts). */
  vendors: { items: UnreviewedVendor[]; total: number };
  /** Products first seen in one municipality's file, waiting to be adopted or merged. */
  localProducts: Awaited<ReturnType<typeof localProductQueue>>;
}

/** Pending contributions, oldest first (moderators); `limit`/`offset` page each list. */
export async function moderationQueue(db: Kysely<Database>, principal: Principal, page: { limit: number; offset: number }): Promise<ModerationQueue> {
  demand(principal, canModerate(principal), 'see the moderation queue');
  const alternatives = await queryAlternatives(db, principal, { filters: { moderationState: 'pending' }, sort: 'updated', order: 'asc', ...page });
  const total = await db.selectFrom('experience_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('moderation_state', '=', 'pending').executeTakeFirstOrThrow();
  const reports = await reportsQuery(db).where('r.moderation_state', '=', 'pending').orderBy('r.created_at', 'asc').orderBy('r.id').limit(page.limit).offset(page.offset).execute();
  return {
    alternatives,
    experienceReports: { items: reports.map((r) => toReport(r, principal)), total: Number(total.n) },
    vendors: await unreviewedVendors(db, principal, page),
    localProducts: await localProductQueue(db, page),
  };
}

/** The stored contractors of contract maintenance (`{ name, until, website? }`); null when none or unreadable. */
/**
 * Maintenance contractors from the sourced facts: the suppliers whose contract end (`until=`) a
 * source states. None stated → null, and the export names `maintenance.contractors` as missing.
 */
function contractorsOfFacts(facts: ReadonlyArray<{ fact: string; value: string; qualifiers: string }>): { name: string; until: string }[] | null {
  const found = facts
    .filter((f) => f.fact === 'supplier')
    .map((f) => ({ name: f.value, until: (JSON.parse(f.qualifiers) as Record<string, string>).until }))
    .filter((c): c is { name: string; until: string } => typeof c.until === 'string');
  return found.length ? found : null;
}

function storedContractors(text: string | null): { name: string; until: string; website?: string }[] | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    const ok = (c: unknown): c is { name: string; until: string; website?: string } =>
      typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' && typeof (c as { until?: unknown }).until === 'string';
    return Array.isArray(v) && v.every(ok) ? v : null;
  } catch {
    return null;
  }
}

/** The description blocks a proposal gives: a language's text with its features; null without any. */
function proposedBlocks(p: AlternativeProposal): string | null {
  const blocks: Record<string, PubliccodeDescriptionBlock> = {};
  for (const [lang, text, features] of [['da', blank(p.descriptionDa), p.featuresDa], ['en', blank(p.descriptionEn), p.featuresEn]] as const)
    if (text && features?.some((f) => f.trim())) blocks[lang] = descriptionBlock(text, features);
  return Object.keys(blocks).length ? JSON.stringify(blocks) : null;
}

/** A stored JSON list of texts (`available_languages`); null when unknown or unreadable. */
function storedList(text: string | null): string[] | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

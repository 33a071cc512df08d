// The shared catalogue: /api/v1/products, /api/v1/vendors (aliases and merges for
// administrators), /api/v1/alternatives (the moderated open-source catalogue, publiccode.yml and
// experience reports), /api/v1/experience-reports/{id}/moderation and /api/v1/moderation/queue.
// Lists come from services/lists through listRoute (paging, sorting, filters, CSV/XLSX); the
// services decide visibility, do the work in one transaction and write the audit entry.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import { canAdminister, canContribute, canModerate, canReadOverview } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { CATALOGUE_STATES, REPORT_STATES } from '../../repositories/catalogue.repository.ts';
import { addVendorAlias, getProduct, getVendor, mergeVendors, removeVendorAlias } from '../../services/catalogue.ts';
import { PUBLICCODE_VOCAB } from '../../services/catalogue-common.ts';
import {
  alternativePubliccode,
  createExperienceReport,
  getAlternative,
  listExperienceReports,
  moderateAlternative,
  moderateExperienceReport,
  moderationQueue,
  proposeAlternative,
} from '../../services/catalogue-contributions.ts';
import { alternativesList } from '../../services/lists/alternatives.ts';
import { adoptProduct, mergeLocalProduct } from '../../services/local-products.ts';
import { productsList } from '../../services/lists/products.ts';
import { vendorsList } from '../../services/lists/vendors.ts';
import { reviewVendor, unreviewedVendors } from '../../services/vendor-review.ts';
import { vendorRoleKind } from '../../domain/vocabulary.ts';
import { allow } from '../auth.ts';
import { listRoute } from '../lists.ts';
import { type AppEnv, createRouter, IdParam, json, listOf, PageQuery, pick } from '../openapi.ts';

type Ctx = Parameters<typeof allow>[0];
const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const text = z.string();
const nullableText = z.string().nullable();
const int = z.number().int();

// ---------------------------------------------------------------------------------------------
// Schemas

const ProductSchema = z
  .object({
    id: int,
    key: nullableText.openapi({ description: 'Reference-data key; null for products created by imports' }),
    name: text,
    category: nullableText,
    rightsHolderId: int.nullable(),
    rightsHolder: nullableText,
    licenseModel: nullableText,
    spdxLicense: nullableText,
    deploymentModels: z.array(text),
    dataExport: nullableText,
    apiAvailability: nullableText,
    codeGovernance: nullableText,
    kitosUuid: nullableText,
    verified: z.boolean(),
    source: nullableText,
    localToMunicipality: int.nullable().openapi({ description: "The municipality whose file brought the product, until a moderator adopts it into the shared catalogue (null: shared). Only that municipality's people and moderators see such a product." }),
    usageCount: int.openapi({ description: "Municipalities whose current inventory uses the product" }),
    alternativeCount: int.openapi({ description: 'Published or unverified open-source alternatives mapped onto it' }),
  })
  .openapi('Product');

const ProductDetailSchema = ProductSchema.extend({
  aliases: z.array(z.object({ id: int, alias: text })),
  dataExportFormats: z.array(text),
  exportFormatKind: nullableText,
  apiStandards: z.array(text),
  notes: nullableText,
  dependencies: z.array(z.object({ productId: int, name: text, role: text })).openapi({ description: 'Platforms the product cannot run without' }),
  dependents: z.array(z.object({ productId: int, name: text, role: text })).openapi({ description: 'Products that cannot run without this one' }),
  alternatives: z.array(
    z.object({
      id: int,
      key: text,
      name: text,
      spdxLicense: nullableText,
      ams: z.number().nullable().openapi({ description: 'Alternative Maturity Score 0–100 over the known metrics; null: unknown (no metric known)' }),
      moderationState: text,
      verified: z.boolean(),
      fitNotes: nullableText,
      migrationEffort: nullableText,
    }),
  ),
  createdAt: text,
  updatedAt: text,
}).openapi('ProductDetail');

const vendorFields = {
  id: int,
  key: nullableText.openapi({ description: 'Reference-data key; null for vendors created by imports' }),
  name: text,
  cvr: nullableText,
  country: nullableText,
  kind: text,
  roleKind: z.enum(vendorRoleKind.values).nullable().openapi({ description: "The vendor's own role: rights_holder, supplier (integrator), reseller (licence partner) or operator (host); null: not known" }),
  localToMunicipality: int.nullable().openapi({ description: 'The municipality whose import created the vendor, visible only to those who may read its inventory until a moderator adopts or merges it; null: the shared catalogue' }),
  cvrAsWritten: nullableText.openapi({ description: 'An eight-digit number a file gave that is no valid CVR (placeholder or failed modulus-11 check), kept as written and never matched on' }),
  parentVendorId: int.nullable(),
  ultimateParentId: int.nullable(),
  ultimateParent: nullableText,
  ultimateCountry: nullableText,
  jurisdiction: z.enum(['eu', 'non_eu']).nullable(),
  verified: z.boolean(),
  source: nullableText,
  usageCount: int.openapi({ description: 'Municipalities whose current inventory involves the vendor directly: supplier, host, operator, sub-processor or rights holder' }),
};

const VendorSchema = z.object({ ...vendorFields, aliases: z.array(text) }).openapi('Vendor');

const VendorAliasSchema = z.object({ id: int, alias: text, normalizedAlias: text, source: nullableText }).openapi('VendorAlias');

const VendorDetailSchema = z
  .object({
    ...vendorFields,
    normalizedName: text,
    aliases: z.array(VendorAliasSchema),
    parentChain: z.array(z.object({ id: int, name: text, country: nullableText })).openapi({ description: 'The parent, its parent, … up to the ultimate parent' }),
    children: z.array(z.object({ id: int, name: text })),
    productCount: int,
    notes: nullableText,
    createdAt: text,
    updatedAt: text,
  })
  .openapi('VendorDetail');

const MergeSchema = z
  .object({ into: z.number().int().positive().openapi({ description: 'The vendor that remains; the vendor in the path is merged into it and deleted' }) })
  .openapi('VendorMerge');

const MergeResultSchema = z
  .object({
    vendor: VendorDetailSchema,
    merged: z.object({ id: int, name: text }),
    moved: z.object({
      usageSuppliers: int,
      usageHosts: int,
      usageOperators: int,
      usageSubProcessors: int,
      contracts: int,
      products: int,
      alternatives: int,
      childVendors: int,
      aliases: int,
    }),
    rescoredMunicipalities: z.array(int),
  })
  .openapi('VendorMergeResult');

const AlternativeSchema = z
  .object({
    id: int,
    key: text,
    name: text,
    url: nullableText,
    repositoryUrl: nullableText,
    softwareType: nullableText,
    developmentStatus: nullableText,
    spdxLicense: nullableText,
    licenseVerified: z.boolean(),
    maintenanceType: nullableText,
    platforms: z.array(text),
    categories: z.array(text),
    descriptionDa: nullableText,
    descriptionEn: nullableText,
    stewardVendorId: int.nullable(),
    steward: nullableText,
    lastReleaseAt: nullableText,
    ams: z.number().nullable().openapi({ description: 'Alternative Maturity Score 0–100 over the known metrics (an unknown metric is left out, not counted as 0), as of today; null: unknown (no metric known)' }),
    productCount: int,
    replaces: z.array(text).openapi({ description: 'The proprietary products it can replace, by name' }),
    municipalityCount: int.openapi({ description: 'Municipalities using it: a product of the same key or name in their current inventory, or a published experience report' }),
    moderationState: text.openapi({ description: `One of ${CATALOGUE_STATES.join(', ')}` }),
    verified: z.boolean(),
    source: nullableText,
    mine: z.boolean().openapi({ description: 'You proposed it' }),
    updatedAt: text,
  })
  .openapi('Alternative');

const AlternativeDetailSchema = AlternativeSchema.extend({
  products: z.array(z.object({ productId: int, name: text, fitNotes: nullableText, migrationEffort: nullableText, verified: z.boolean() })).openapi({ description: 'Proprietary products it can replace' }),
  maturity: z
    .object({
      ams: z.number().nullable().openapi({ description: 'null: unknown (no metric known)' }),
      knownMetrics: int.openapi({ description: 'How many metrics are known (AMS rests on these)' }),
      metricCount: int,
      components: z.array(z.object({ metric: text, value: z.number(), weight: z.number(), text: z.object({ da: text, en: text }), unknown: z.array(text).openapi({ description: 'Inputs that were unknown (left out)' }), known: z.boolean().openapi({ description: 'At least one input known: the metric counts in AMS' }) })),
      unknownMetrics: z.array(text),
      note: z.object({ da: text, en: text }),
    })
    .openapi({ description: 'The maturity score (AMS) with its components, as of today' }),
  municipalities: z.array(z.object({ code: int, name: text })).openapi({ description: 'Municipalities using it, by name' }),
  experienceReportCount: int,
  facts: z
    .array(
      z.object({
        fact: text.openapi({ description: 'A fact of the closed list (alternative-facts.csv): spdx_license, export_format, deployment, supplier, used_by, function …' }),
        values: z.array(
          z.object({
            value: text,
            qualifiers: z.record(z.string(), z.string()).openapi({ description: 'country, cvr, roles, municipality_code, operator, version, kind' }),
            source: text.openapi({ description: 'The URL or document that states the fact' }),
            sourceDate: text.openapi({ description: 'YYYY-MM-DD: when the source was read' }),
            verified: z.boolean().openapi({ description: 'false: inferred or general knowledge (the note says which)' }),
            note: nullableText,
          }),
        ),
      }),
    )
    .openapi({ description: 'Where each fact comes from: the sourced facts grouped by fact, each value with its source, date and verified flag; empty when none are sourced' }),
  localisation: z
    .object({ ready: z.boolean().nullable(), languages: z.array(text).nullable() })
    .openapi({ description: "publiccode.yml's localisationReady and availableLanguages (BCP 47), as a publiccode.yml import stored them; null: unknown" }),
  moderation: z
    .object({ submittedByUserId: int.nullable(), moderatedByUserId: int.nullable(), moderatedAt: nullableText, note: nullableText })
    .nullable()
    .openapi({ description: 'For the author and moderators; null for other readers' }),
  createdAt: text,
}).openapi('AlternativeDetail');

const optionalText = (max: number) => z.string().max(max).nullable().optional();
const NewAlternativeSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    url: optionalText(2000).openapi({ description: 'The website (publiccode.yml landingURL)' }),
    repositoryUrl: optionalText(2000).openapi({ description: 'The source repository (publiccode.yml url)' }),
    softwareType: z.enum(PUBLICCODE_VOCAB.softwareType).nullable().optional(),
    developmentStatus: z.enum(PUBLICCODE_VOCAB.developmentStatus).nullable().optional(),
    spdxLicense: z.string().trim().min(1).max(200).openapi({ description: 'An SPDX licence expression granting an open-source licence', example: 'MPL-2.0' }),
    maintenanceType: z.enum(PUBLICCODE_VOCAB.maintenanceType).nullable().optional(),
    platforms: z.array(z.string().max(50)).max(20).optional().openapi({ description: `publiccode.yml platforms, e.g. ${PUBLICCODE_VOCAB.platformsSuggested.join(', ')}` }),
    categories: z.array(z.string().max(100)).max(20).optional().openapi({ description: "Categories from publiccode.yml's list" }),
    descriptionDa: optionalText(10_000),
    descriptionEn: optionalText(10_000),
    featuresDa: z.array(z.string().max(200)).max(50).optional().openapi({ description: 'publiccode.yml features of the Danish description (a publiccode.yml export needs at least one per language)' }),
    featuresEn: z.array(z.string().max(200)).max(50).optional().openapi({ description: 'publiccode.yml features of the English description' }),
    localisationReady: z.boolean().nullable().optional().openapi({ description: 'publiccode.yml localisationReady: the user interface is ready for translation' }),
    availableLanguages: z.array(z.string().max(35)).max(50).optional().openapi({ description: 'publiccode.yml availableLanguages: BCP 47 tags of the user interface languages', example: ['da', 'en'] }),
    stewardVendorId: z.number().int().positive().nullable().optional().openapi({ description: 'The vendor or community that maintains it' }),
    lastReleaseAt: optionalText(10).openapi({ description: 'yyyy-mm-dd' }),
    productIds: z.array(z.number().int().positive()).max(100).optional().openapi({ description: 'Proprietary products it can replace' }),
    fitNotes: optionalText(2000).openapi({ description: 'Why it fits those products' }),
  })
  .openapi('NewAlternative');

const ModerationSchema = z
  .object({
    decision: z.enum(['publish', 'reject']),
    note: z.string().trim().max(2000).nullable().optional().openapi({ description: 'Required when rejecting: shown to the author' }),
  })
  .openapi('ModerationDecision');

const ExperienceReportSchema = z
  .object({
    id: int,
    alternativeId: int,
    alternative: text,
    municipalityCode: int.nullable(),
    municipality: nullableText,
    title: text,
    body: text,
    rating: int.nullable(),
    author: text,
    moderationState: text.openapi({ description: `One of ${REPORT_STATES.join(', ')}` }),
    mine: z.boolean(),
    createdAt: text,
    updatedAt: text,
    moderation: z.object({ moderatedAt: nullableText, note: nullableText }).nullable().openapi({ description: 'For the author and moderators; null for other readers' }),
  })
  .openapi('ExperienceReport');

const NewExperienceReportSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(20_000),
    rating: z.number().int().min(1).max(5).nullable().optional().openapi({ description: '1 (poor) – 5 (excellent)' }),
    municipalityCode: z.number().int().min(100).max(999).nullable().optional().openapi({ description: 'A municipality you act for as leader or architect' }),
    author: z.string().trim().max(200).nullable().optional().openapi({ description: 'How you are shown; your display name (else e-mail) by default' }),
  })
  .openapi('NewExperienceReport');

const UnreviewedVendorSchema = z
  .object({ id: int, name: text, cvr: nullableText, cvrAsWritten: nullableText, municipalityCode: int, municipality: text, notes: nullableText, createdAt: text, usageCount: int })
  .openapi('UnreviewedVendor');
const UnreviewedVendorsSchema = z.object({ items: z.array(UnreviewedVendorSchema), total: int }).openapi('UnreviewedVendors');
const LocalProductSchema = z
  .object({
    id: int,
    name: text,
    municipalityCode: int,
    municipality: text,
    rightsHolderId: int.nullable(),
    rightsHolder: nullableText,
    category: nullableText,
    usageCount: int.openapi({ description: "Usages in the municipality's current inventory" }),
    sameNameProductId: int.nullable().openapi({ description: 'A shared catalogue product of the same name (adopting is refused: merge into it)' }),
    createdAt: text,
  })
  .openapi('LocalProduct');

const ModerationQueueSchema = z
  .object({
    alternatives: z.object({ items: z.array(AlternativeSchema), total: int }),
    experienceReports: z.object({ items: z.array(ExperienceReportSchema), total: int }),
    vendors: UnreviewedVendorsSchema.openapi({ description: 'Vendors created by imports, local to their municipality until adopted or merged' }),
    localProducts: z.object({ items: z.array(LocalProductSchema), total: int }),
  })
  .openapi('ModerationQueue');

const VendorReviewSchema = z
  .discriminatedUnion('decision', [z.object({ decision: z.literal('adopt') }), z.object({ decision: z.literal('merge'), into: z.number().int().positive() })])
  .openapi('VendorReview', {
    description: 'adopt: the vendor joins the shared catalogue (409 when one by its name or CVR exists: merge instead); merge: it is merged into `into` (a shared vendor or one local to the same municipality)',
  });
const VendorReviewResultSchema = z
  .union([z.object({ decision: z.literal('adopt'), vendor: VendorDetailSchema }), MergeResultSchema.extend({ decision: z.literal('merge') })])
  .openapi('VendorReviewResult');

const PubliccodeQuery = z.object({
  localisationReady: z.enum(['true', 'false']).optional().openapi({ description: 'Whether the software is ready for translation, where the catalogue does not know it (a publiccode.yml import stores it); overrides the stored value' }),
  availableLanguages: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*(,[a-z]{2,3}(-[A-Za-z0-9]{1,8})*)*$/)
    .optional()
    .openapi({ description: 'Comma-separated BCP 47 tags of the languages the user interface is available in', example: 'da,en' }),
});

const AliasParams = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
  aliasId: z.coerce.number().int().positive().openapi({ param: { name: 'aliasId', in: 'path' }, example: 1 }),
});

// ---------------------------------------------------------------------------------------------
// Routers

const overview = (c: Ctx, what: string) => allow(c, canReadOverview(c.get('principal')), what);

export function productRoutes(db: Kysely<Database>) {
  return createRouter()
    .route('/', listRoute(db, productsList, { path: '/', tags: ['Katalog'], summary: 'The shared product catalogue (CSV/XLSX with format=)', item: ProductSchema }))
    .openapi(
      createRoute({ method: 'get', path: '/{id}', tags: ['Katalog'], summary: 'One product with its aliases, platform dependencies and open-source alternatives', request: { params: IdParam }, responses: { 200: json(ProductDetailSchema, 'The product'), ...pick(401, 404) } }),
      async (c) => {
        const principal = overview(c, 'see the product catalogue');
        return c.json(await getProduct(db, principal, c.req.valid('param').id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/adoption',
        tags: ['Moderation'],
        summary: "Adopt a product local to one municipality into the shared catalogue (moderators): every municipality sees it, and it is verified. 409 when it is already shared or the catalogue has a product of that name (merge instead)",
        request: { params: IdParam },
        responses: { 200: json(z.object({ id: int, name: text }).openapi('AdoptedProduct'), 'Adopted'), ...pick(401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = allow(c, canModerate(c.get('principal')), 'moderate the catalogue');
        return c.json(await adoptProduct(db, principal, c.req.valid('param').id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/merge',
        tags: ['Moderation'],
        summary: "Merge a product local to one municipality into a shared catalogue product (moderators): its usages move there (keeping the file's system name), its name becomes an alias, it is deleted. 409 unless it is local and `into` is shared",
        request: { params: IdParam, ...body(z.object({ into: z.number().int().positive() }).openapi('ProductMerge')) },
        responses: { 200: json(z.object({ id: int, name: text, mergedId: int, usagesMoved: int }).openapi('ProductMergeResult'), 'Merged; the product that remains'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = allow(c, canModerate(c.get('principal')), 'moderate the catalogue');
        return c.json(await mergeLocalProduct(db, principal, c.req.valid('param').id, c.req.valid('json').into), 200);
      },
    );
}

/** Mounted at /api/v1/vendors beside vendorScoreRoutes (which serves /{id}/dependency). */
export function vendorRoutes(db: Kysely<Database>) {
  const admin = (c: Ctx, what: string) => allow(c, canAdminister(c.get('principal')), what);
  return createRouter()
    .route('/', listRoute(db, vendorsList, { path: '/', tags: ['Leverandører'], summary: 'Vendors with aliases, ownership and reach (CSV/XLSX with format=)', item: VendorSchema }))
    .openapi(
      createRoute({ method: 'get', path: '/{id}', tags: ['Leverandører'], summary: 'One vendor with its aliases, ownership chain and subsidiaries', request: { params: IdParam }, responses: { 200: json(VendorDetailSchema, 'The vendor'), ...pick(401, 404) } }),
      async (c) => {
        const principal = overview(c, 'see vendors');
        return c.json(await getVendor(db, principal, c.req.valid('param').id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/aliases',
        tags: ['Leverandører'],
        summary: 'Add a spelling that imports resolve to this vendor (administrators)',
        request: { params: IdParam, ...body(z.object({ alias: z.string().trim().min(1).max(300) })) },
        responses: { 201: json(VendorAliasSchema, 'Added'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = admin(c, 'manage vendors');
        return c.json(await addVendorAlias(db, principal, c.req.valid('param').id, c.req.valid('json').alias), 201);
      },
    )
    .openapi(
      createRoute({ method: 'delete', path: '/{id}/aliases/{aliasId}', tags: ['Leverandører'], summary: 'Remove a spelling (administrators)', request: { params: AliasParams }, responses: { 204: { description: 'Removed' }, ...pick(400, 401, 403, 404) } }),
      async (c) => {
        const principal = admin(c, 'manage vendors');
        const { id, aliasId } = c.req.valid('param');
        await removeVendorAlias(db, principal, id, aliasId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/merge',
        tags: ['Leverandører'],
        summary:
          'Merge this vendor into another (administrators): every reference moves to `into`, this vendor’s names become its aliases, this vendor is deleted, and the affected municipalities are rescored. 409 for a vendor into itself, into its own subsidiary, or a reference-data vendor',
        request: { params: IdParam, ...body(MergeSchema) },
        responses: { 200: json(MergeResultSchema, 'Merged; the vendor that remains'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = admin(c, 'merge vendors');
        return c.json(await mergeVendors(db, principal, c.req.valid('param').id, c.req.valid('json').into), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/review',
        tags: ['Leverandører', 'Moderation'],
        summary:
          'Review a vendor an import created (moderators): adopt it into the shared catalogue, or merge it into an existing vendor. 409 for a vendor already shared, an adoption whose name or CVR the catalogue has, a merge into another municipality’s local vendor',
        request: { params: IdParam, ...body(VendorReviewSchema) },
        responses: { 200: json(VendorReviewResultSchema, 'Reviewed'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = allow(c, canModerate(c.get('principal')), 'review vendors');
        return c.json(await reviewVendor(db, principal, c.req.valid('param').id, c.req.valid('json')), 200);
      },
    );
}

export function alternativeRoutes(db: Kysely<Database>) {
  const contributor = (c: Ctx, what: string) => allow(c, canContribute(c.get('principal')), what);
  const moderator = (c: Ctx, what: string) => allow(c, canModerate(c.get('principal')), what);
  return createRouter()
    .route(
      '/',
      listRoute(db, alternativesList, {
        path: '/',
        tags: ['Alternativer'],
        summary: 'The open-source catalogue: published and unverified entries, plus your own contributions (moderators: every state). CSV/XLSX with format=',
        item: AlternativeSchema,
      }),
    )
    .openapi(
      createRoute({ method: 'get', path: '/{id}', tags: ['Alternativer'], summary: 'One catalogue entry with the products it can replace', request: { params: IdParam }, responses: { 200: json(AlternativeDetailSchema, 'The entry'), ...pick(401, 404) } }),
      async (c) => {
        const principal = overview(c, 'see the open-source catalogue');
        return c.json(await getAlternative(db, principal, c.req.valid('param').id), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['Alternativer'],
        summary: 'Propose an alternative (contributors): checked against the publiccode.yml vocabularies, pending until a moderator decides',
        request: body(NewAlternativeSchema),
        responses: { 201: json(AlternativeDetailSchema, 'Proposed (pending)'), ...pick(400, 401, 403, 409) },
      }),
      async (c) => {
        const principal = contributor(c, 'propose alternatives');
        return c.json(await proposeAlternative(db, principal, c.req.valid('json')), 201);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/moderation',
        tags: ['Alternativer', 'Moderation'],
        summary: 'Publish or reject an entry (moderators); rejecting needs a note',
        request: { params: IdParam, ...body(ModerationSchema) },
        responses: { 200: json(AlternativeDetailSchema, 'Decided'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = moderator(c, 'moderate the catalogue');
        const { decision, note } = c.req.valid('json');
        return c.json(await moderateAlternative(db, principal, c.req.valid('param').id, decision, note ?? null), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/publiccode.yml',
        tags: ['Alternativer'],
        summary: "The entry as publiccode.yml 0.4; 422 lists every required key the catalogue can't fill (localisation can be given in the query)",
        request: { params: IdParam, query: PubliccodeQuery },
        responses: { 200: { description: 'publiccode.yml', content: { 'application/yaml': { schema: z.string() } } }, ...pick(400, 401, 404, 422) },
      }),
      async (c) => {
        const principal = overview(c, 'see the open-source catalogue');
        const q = c.req.valid('query');
        const { yaml, fileName } = await alternativePubliccode(db, principal, c.req.valid('param').id, {
          localisationReady: q.localisationReady === undefined ? undefined : q.localisationReady === 'true',
          availableLanguages: q.availableLanguages?.split(','),
        });
        return c.body(yaml, 200, { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': `inline; filename="${fileName}"` });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/experience-reports',
        tags: ['Alternativer'],
        summary: "Municipalities' experience with the entry, newest first: published reports plus your own (moderators: all)",
        request: { params: IdParam, query: PageQuery },
        responses: { 200: json(listOf(ExperienceReportSchema), 'A page of reports'), ...pick(400, 401, 404) },
      }),
      async (c) => {
        const principal = overview(c, 'see experience reports');
        const page = c.req.valid('query');
        return c.json({ ...(await listExperienceReports(db, principal, c.req.valid('param').id, page)), ...page }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/experience-reports',
        tags: ['Alternativer'],
        summary: 'Report experience with the entry (contributors); pending until a moderator decides',
        request: { params: IdParam, ...body(NewExperienceReportSchema) },
        responses: { 201: json(ExperienceReportSchema, 'Written (pending)'), ...pick(400, 401, 403, 404, 409) },
      }),
      async (c) => {
        const principal = contributor(c, 'write experience reports');
        return c.json(await createExperienceReport(db, principal, c.req.valid('param').id, c.req.valid('json')), 201);
      },
    );
}

export function experienceReportRoutes(db: Kysely<Database>) {
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: '/{id}/moderation',
      tags: ['Alternativer', 'Moderation'],
      summary: 'Publish or reject an experience report (moderators); rejecting needs a note',
      request: { params: IdParam, ...body(ModerationSchema) },
      responses: { 200: json(ExperienceReportSchema, 'Decided'), ...pick(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const principal = allow(c, canModerate(c.get('principal')), 'moderate experience reports');
      const { decision, note } = c.req.valid('json');
      return c.json(await moderateExperienceReport(db, principal, c.req.valid('param').id, decision, note ?? null), 200);
    },
  );
}

export function moderationRoutes(db: Kysely<Database>) {
  return createRouter().openapi(
    createRoute({
      method: 'get',
      path: '/queue',
      tags: ['Moderation'],
      summary: 'Pending alternatives and experience reports, oldest first (moderators); limit/offset page each list',
      request: { query: PageQuery },
      responses: { 200: json(ModerationQueueSchema, 'The queue'), ...pick(400, 401, 403) },
    }),
    async (c) => {
      const principal = allow(c, canModerate(c.get('principal')), 'see the moderation queue');
      return c.json(await moderationQueue(db, principal, c.req.valid('query')), 200);
    },
  ).openapi(
    createRoute({
      method: 'get',
      path: '/vendors',
      tags: ['Moderation'],
      summary: 'Vendors created by imports and not yet reviewed, oldest first (moderators): adopt or merge each with POST /api/v1/vendors/{id}/review',
      request: { query: PageQuery },
      responses: { 200: json(UnreviewedVendorsSchema, 'Unreviewed vendors'), ...pick(400, 401, 403) },
    }),
    async (c) => {
      const principal = allow(c, canModerate(c.get('principal')), 'review vendors');
      return c.json(await unreviewedVendors(db, principal, c.req.valid('query')), 200);
    },
  );
}

/** Mounts every catalogue router under /api/v1 (what app.ts does; the tests use it too). */
export function mountCatalogue(app: OpenAPIHono<AppEnv>, db: Kysely<Database>): void {
  app.route('/api/v1/products', productRoutes(db));
  app.route('/api/v1/vendors', vendorRoutes(db));
  app.route('/api/v1/alternatives', alternativeRoutes(db));
  app.route('/api/v1/experience-reports', experienceReportRoutes(db));
  app.route('/api/v1/moderation', moderationRoutes(db));
}

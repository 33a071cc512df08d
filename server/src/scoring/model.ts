// The versioned scoring model: weights, scales, gates, bands, exposure, role weights, hop
// attenuation, provenance weights, staleness, HHI band sets and composite weights, all in one
// validated configuration file (model.json). Every engine function takes a model so the
// sensitivity analysis can vary it; the default is the shipped file.
import { z } from 'zod';
import { criticality } from '../domain/vocabulary.ts';
import model10Json from './models/handlefrihed-1.0.json' with { type: 'json' };
import modelJson from './model.json' with { type: 'json' };

export const factorIds = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9'] as const;
export type FactorId = (typeof factorIds)[number];

export const bandIds = ['A', 'B', 'C', 'D', 'E'] as const;
export type Band = (typeof bandIds)[number];
const band = z.enum(bandIds);

const score = z.number().min(0).max(100);
const nonNegative = z.number().min(0);
const weights = z.object({
  F1: nonNegative, F2: nonNegative, F3: nonNegative, F4: nonNegative, F5: nonNegative,
  F6: nonNegative, F7: nonNegative, F8: nonNegative, F9: nonNegative,
}).refine((w) => Object.values(w).reduce((a, b) => a + b, 0) > 0, { message: 'weights must not all be 0' });
export type FactorWeights = z.infer<typeof weights>;

const increasing = (key: string) => (rows: Array<Record<string, number>>) =>
  rows.every((r, i) => i === 0 || (r[key] as number) > (rows[i - 1]![key] as number)) &&
  rows.every((r, i) => i === 0 || (r.value as number) >= (rows[i - 1]!.value as number));

const roleWeight = z.number().min(0).max(1);

export const modelSchema = z
  .object({
    version: z.string().min(1),
    weights,
    scales: z.object({
      F1: z.object({
        fullOpenTested: score, fullOpenUntested: score, fullVendorFormat: score, partialOpen: score,
        fullUndocumented: score, partialClosed: score, paidService: score, chargedFloor: score,
        none: score, unknown: score, testedWithinMonths: z.number().int().positive(),
      }),
      F2: z.object({
        public_open_standard: score, public_vendor_schema: score, nda_or_fee: score, limited: score, none: score, unknown: score,
      }),
      F3: z.object({
        bands: z.array(z.object({ maxIntegrations: z.number().int().min(0), value: score })).min(1)
          .refine(increasing('maxIntegrations'), { message: 'F3 bands must increase' }),
        above: score, specificPlatformAdd: nonNegative, unknown: score, cap: score,
      }),
      F4: z.object({
        bands: z.array(z.object({ maxMonths: z.number().int().min(0), value: score })).min(1)
          .refine(increasing('maxMonths'), { message: 'F4 bands must increase' }),
        above: score, unknownEnd: score, unknownContract: score, noContract: score,
        noticeThresholdMonths: z.number().int().min(0),
        noticeAdd: nonNegative, noExitClauseAdd: nonNegative, switchingChargesAdd: nonNegative,
        notPortableAdd: nonNegative, bundledScopeAdd: nonNegative, cap: score,
      }),
      F5: z.object({
        threePlusOpenOrEu: score, threePlusOther: score, two: score, one: score, zero: score, unknown: score,
        amsThreshold: score, concentratedHhi: z.number().min(0).max(10_000), concentratedAdd: nonNegative, cap: score,
      }),
      F6: z.object({
        public_sector: score, multi_organisation: score, single_company: score, source_available: score,
        escrow: score, documented_closed: score, closed: score, unknown: score,
      }),
      F7: z.object({
        on_premise: score, shared_public: score, selfManagedEuCloud: score, selfManagedNonEuCloud: score,
        vendorEu: score, vendorNonEu: score, unknown: score,
        customerKeysAdd: z.number().max(0), externalBackupAdd: z.number().max(0),
        backupTestedWithinMonths: z.number().int().positive(), floor: score,
      }),
      F8: z.object({
        euClean: score, euNonMaterial: score, euMaterial: score, nonEuDataInEu: score, nonEuDataOutside: score,
        unknownControl: score, noParties: score,
      }),
      F9: z.object({
        bothTested: score, bothUntested: score, oneScenario: score, highLevel: score, none: score, unknown: score,
        testedWithinMonths: z.number().int().positive(),
      }),
    }),
    bands: z.object({ B: score, C: score, D: score, E: score })
      .refine((b) => b.B < b.C && b.C < b.D && b.D < b.E, { message: 'band cut-offs must increase' }),
    gates: z.object({
      G1: z.object({ minCriticality: criticality.schema, minF8: score, capBand: band }),
      G2: z.object({ minF1: score, capBand: band }),
      G3: z.object({ minF5: score, minF4: score }),
      G4: z.object({ criticality: criticality.schema, minF9: score }),
    }),
    exposure: z.object({
      low: z.number().positive(), medium: z.number().positive(), high: z.number().positive(),
      critical: z.number().positive(), unknown: z.number().positive(),
    }),
    exitWindowMonths: z.number().int().positive(),
    roleWeights: z.object({
      supplier: roleWeight, operator: roleWeight, host: roleWeight, iaas_host: roleWeight,
      platform: roleWeight, sub_processor: roleWeight,
      /**
       * A supplier the catalogue knows as a reseller (licence partner) of a product it does not
       * hold the rights to. Absent (model 1.0): counted as any supplier.
       */
      reseller: roleWeight.optional(),
    }),
    /** Model 1.0: data integrations undirected, attenuated per hop, every hop passing on. */
    hops: z.object({ dataAttenuation: roleWeight, maxHops: z.number().int().min(0).max(2) }).optional(),
    /**
     * Model 1.1: directed dependencies. An edge s → t means "s cannot work (or be exited)
     * without t"; a path's weight is the product of its edges' weights and the last party's
     * role weight. The first edge of a path may be of any kind; beyond it a path continues
     * only through what a system needs to run (platform and identity edges).
     */
    dependencies: z.object({
      edgeWeights: z.object({ platform: roleWeight, identity: roleWeight, data: roleWeight, dataUnknownDirection: roleWeight }),
      maxHops: z.number().int().min(1).max(4),
      /** Function categories of identity providers: a system that uses one logs in with it (a platform dependency). */
      identityCategories: z.array(z.string().min(1)),
    }).optional(),
    /**
     * Who a system's spend goes to. `equal-split` (1.0): the system's suppliers share it equally.
     * `rights-holder` (1.1): each contract's share goes to the rights holder of the product it
     * covers, to the supplier when that is an integrator or operator (their own service).
     */
    spend: z.object({ attribution: z.enum(['equal-split', 'rights-holder']) }).default({ attribution: 'equal-split' }),
    /** 1.1: a system flagged business critical (KITOS) is at least this critical; null (1.0): the flag is not read. */
    criticality: z.object({ businessCriticalAtLeast: criticality.schema.nullable() }).default({ businessCriticalAtLeast: null }),
    provenanceWeights: z.object({
      evidence: z.number().min(0).max(1), declared: z.number().min(0).max(1), catalogue: z.number().min(0).max(1),
      inferred: z.number().min(0).max(1), unknown: z.literal(0),
    }),
    staleness: z.object({
      steps: z.array(z.object({ maxMonths: z.number().int().positive(), multiplier: z.number().min(0).max(1) }))
        .refine((s) => s.every((r, i) => i === 0 || (r.maxMonths > s[i - 1]!.maxMonths && r.multiplier <= s[i - 1]!.multiplier)), {
          message: 'staleness steps must be ordered and non-increasing',
        }),
      older: z.number().min(0).max(1),
      undated: z.number().min(0).max(1),
    }),
    confidenceLevels: z.object({ high: z.number().min(0).max(1), medium: z.number().min(0).max(1) })
      .refine((c) => c.medium <= c.high, { message: 'medium ≤ high' }),
    hhiBandSets: z.record(z.string(), z.object({ moderate: z.number().min(0).max(10_000), high: z.number().min(0).max(10_000) })
      .refine((b) => b.moderate <= b.high, { message: 'moderate ≤ high' })),
    defaultHhiBandSet: z.string(),
    municipality: z.object({
      nonEuMinF8: score, exitReadyMaxF9: score, elephantShare: z.number().gt(0).max(1),
      topPriorityShare: z.number().gt(0).max(1), bandsAtRisk: z.array(band),
    }),
    national: z.object({ reachThreshold: z.number().min(0).max(1) }),
    composite: z.object({ lockin: nonNegative, spendHhi: nonNegative, jurisdiction: nonNegative })
      .refine((c) => Math.abs(c.lockin + c.spendHhi + c.jurisdiction - 1) < 1e-9, { message: 'composite weights must sum to 1' }),
    ams: z.object({
      weights: z.object({ M1: nonNegative, M2: nonNegative, M3: nonNegative, M4: nonNegative, M5: nonNegative, M6: nonNegative }),
      releaseWithinMonths: z.number().int().positive(),
      publicCodeStandardAdd: nonNegative,
      openSourceAmsThreshold: score,
    }),
    afterMigration: z.object({ minReduction: nonNegative }),
    sensitivity: z.object({
      profiles: z.record(z.string(), weights),
      roleDelta: z.number().min(0).max(1),
      topN: z.number().int().positive(),
      minOverlap: z.number().min(0).max(1),
    }),
  })
  .refine((m) => m.defaultHhiBandSet in m.hhiBandSets, { message: 'defaultHhiBandSet must name an hhiBandSets entry' })
  .refine((m) => (m.hops === undefined) !== (m.dependencies === undefined), {
    message: 'a model has either hops (undirected, 1.0) or dependencies (directed, 1.1)',
  });

export type Model = z.infer<typeof modelSchema>;

/** Validates a model configuration; throws a ZodError naming the bad field. */
export function parseModel(raw: unknown): Model {
  return modelSchema.parse(raw);
}

/** The selected model (model.json, `handlefrihed-1.1`). Frozen so no caller can change it by accident. */
export const defaultModel: Model = deepFreeze(parseModel(modelJson));

/** Model 1.0 as shipped, kept so scores stored under it stay reproducible from their inputs. */
export const model10: Model = deepFreeze(parseModel(model10Json));

/** Every shipped model by version; a stored score is explained with the model that computed it. */
export const models: ReadonlyMap<string, Model> = new Map([model10, defaultModel].map((m) => [m.version, m]));

/** The shipped model of a stored version (a sensitivity variant `…+name` is not stored), or undefined. */
export function modelByVersion(version: string): Model | undefined {
  return models.get(version);
}

/** A copy of a model with other factor weights (and a version suffix naming the variant). */
export function withWeights(model: Model, w: FactorWeights, variant: string): Model {
  return { ...model, version: `${model.version}+${variant}`, weights: { ...w } };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** Criticality levels in increasing order, for "≥ high" comparisons. */
export const criticalityOrder = { low: 0, medium: 1, high: 2, critical: 3 } as const;

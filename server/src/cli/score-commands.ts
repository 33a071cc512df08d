// `handlefrihed score` and `handlefrihed sensitivity`: the same services the API uses, printed
// for a terminal (Danish labels) or as JSON.
import { countedInventories, readWorld } from '../repositories/world.repository.ts';
import { parseArgs } from 'node:util';
import { loadMunicipalityInputs, loadScoringCatalogue } from '../repositories/scoring-input.repository.ts';
import { defaultModel, models, modelByVersion, sensitivity } from '../scoring/index.ts';
import { municipalityScore, nationalScore } from '../services/score-queries.ts';
import { rescoreAll, today } from '../services/scores.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

const pct = (x: number | null | undefined) => (x == null ? '–' : `${(100 * x).toFixed(1).replace('.', ',')} %`);
const num = (x: number | null | undefined, digits = 1) => (x == null ? '–' : x.toFixed(digits).replace('.', ','));

export async function scoreCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { municipality: { type: 'string' }, national: { type: 'boolean' }, recompute: { type: 'boolean' }, workers: { type: 'string' }, 'worker-heap-mb': { type: 'string' }, json: { type: 'boolean' } },
  });
  const modes = [values.municipality != null, values.national, values.recompute].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('score needs exactly one of --municipality KODE, --national or --recompute');
  return withPreparedDatabase(async ({ db }) => {
    if (values.recompute) {
      // The municipalities are scored in worker threads (default: the cores but one, at most 4; 0: in this thread).
      const workers = values.workers == null ? undefined : Number(values.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new UsageError(`--workers needs a whole number ≥ 0, got ${values.workers}`);
      // Each worker's heap limit (default: from the largest inventory); one that runs out fails the recomputation, which changes nothing.
      const heap = values['worker-heap-mb'] == null ? undefined : Number(values['worker-heap-mb']);
      if (heap !== undefined && !(Number.isInteger(heap) && heap >= 16)) throw new UsageError(`--worker-heap-mb needs a whole number ≥ 16, got ${values['worker-heap-mb']}`);
      const n = await rescoreAll(db, { ...(workers === undefined ? {} : { workers }), ...(heap === undefined ? {} : { workerHeapMb: heap }) });
      log(`Genberegnet / recomputed: ${n.municipalityCount} kommuner, ${n.systemCount} systemer (model ${n.model}, ${n.asOf})`);
      return 0;
    }
    if (values.national) {
      const { score } = await nationalScore(db);
      if (values.json) return log(JSON.stringify(score, null, 2)), 0;
      log(`Nationalt (${score.municipalityCount} kommuner, ${score.systemCount} systemer, model ${score.model}, ${score.asOf})`);
      log(`  Leverandørbinding L: ${num(score.lockin.L)} (optimistisk ${num(score.lockin.Lopt)}), andel i bånd D–E: ${pct(score.lockin.atRiskShare)}`);
      log(`  HHI (udgift): ${num(score.concentration.spend?.hhi, 0)}, andel under ikke-EU-jurisdiktion: ${pct(score.jurisdiction.nonEuShare)}`);
      log(`  Sikkerhed: ${num(score.confidence.value, 2)} (${score.confidence.level})`);
      log('  Største leverandører efter transitiv rækkevidde (direkte / transitiv / kommuner over 50 %):');
      for (const v of score.vendors.slice(0, 10)) {
        log(`    ${(v.name ?? v.vendorId).padEnd(40)} ${pct(v.directReach).padStart(8)} ${pct(v.reach).padStart(8)} ${String(v.municipalitiesOverThreshold).padStart(4)}`);
      }
      return 0;
    }
    const code = Number(values.municipality);
    if (!Number.isInteger(code)) throw new UsageError(`--municipality needs a municipality code, got ${values.municipality}`);
    const view = await municipalityScore(db, code);
    if (values.json) return log(JSON.stringify(view, null, 2)), 0;
    const s = view.score;
    log(`Kommune ${code} (version ${view.inventoryVersionId}, ${s.systemCount} systemer, model ${s.model}, ${view.asOf})${s.confidence.provisional ? ' — FORELØBIG' : ''}`);
    log(`  Leverandørbinding L_m: ${num(s.lockin.L)} (optimistisk ${num(s.lockin.Lopt)}), andel i bånd D–E: ${pct(s.lockin.atRiskShare)}`);
    log(`  HHI udgift/eksponering/rækkevidde: ${num(s.concentration.spend?.hhi, 0)} / ${num(s.concentration.exposure?.hhi, 0)} / ${num(s.concentration.reach?.hhi, 0)}; effektivt antal leverandører ${num(s.concentration.spend?.nEff)}, største andel ${pct(s.concentration.spend?.cr1.share)}, leverandører for halvdelen af udgiften ${s.concentration.spend?.elephantCount ?? "–"}`);
    log(`  Ikke-EU-andel: ${pct(s.jurisdiction.nonEuShare)}; exitplan-dækning af kritiske systemer: ${pct(s.exitReadiness.coverage)}; sikkerhed ${num(s.confidence.value, 2)} (${s.confidence.level})`);
    log('  Højeste exitprioritet (L × eksponering):');
    for (const p of view.topPriorities) log(`    ${p.band} ${num(p.L).padStart(5)} ×${p.exposure} ${p.name}${p.flags.length ? `  [${p.flags.join(', ')}]` : ''}`);
    return 0;
  });
}

export async function sensitivityCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, model: { type: 'string' } } });
  const model = values.model == null ? defaultModel : modelByVersion(values.model);
  if (!model) throw new UsageError(`--model must be one of ${[...models.keys()].join(', ')}, got ${values.model}`);
  return withPreparedDatabase(async ({ db }) => {
    // The inventories that count nationally, in their own world (never demo and real together).
    const versions = (await countedInventories(db).execute()).map((v) => v.inventory_version_id);
    const inputs = await loadMunicipalityInputs(db, await loadScoringCatalogue(db, await readWorld(db)), versions, today());
    const report = sensitivity([...inputs.values()], model);
    if (values.json) return log(JSON.stringify(report, null, 2)), 0;
    log(`Følsomhedsanalyse (model ${report.model}, top ${report.topN}, krav ≥ ${report.minOverlap} overlap)`);
    for (const v of report.variants) {
      log(`  ${v.name.padEnd(22)} ${v.ranking.padEnd(8)} Spearman ${num(v.spearman, 3)}  top-${report.topN}-overlap ${num(v.topOverlap, 2)}  ${v.passes ? 'OK' : 'UNDER KRAV'}`);
    }
    log(report.publishable ? 'Vægtene kan offentliggøres.' : 'Mindst én variant flytter top-listen for meget: vægtene bør ikke offentliggøres uden forbehold.');
    return 0;
  });
}

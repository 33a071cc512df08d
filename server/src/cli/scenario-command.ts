// `handlefrihed scenario --municipality KODE --replace "produkt[,produkt…]=alternativ[,alternativ…]" … [--spec FIL.json] [--from DATO] [--json]`:
// the before/after of an unsaved scenario, through the same service as
// POST /api/v1/municipalities/{code}/scenarios/compare. Nothing is written.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ReplacementSpec, scenarioSpec } from '../solutions/scenario-spec.ts';
import { compareScenario } from '../services/solutions.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

const pct = (x: number | null | undefined) => (x == null ? '–' : `${(100 * x).toFixed(1).replace('.', ',')} %`);
const num = (x: number | null | undefined, digits = 1) => (x == null ? '–' : x.toFixed(digits).replace('.', ','));

const list = (side: string) => side.split(',').map((x) => x.trim()).filter(Boolean);

/**
 * "Produkt=Alternativ", optionally "@2027-01-01" at the end. Each side may be a comma-separated
 * list: "Exchange Online,Teams=openDesk" (several → one), "Microsoft 365 (suite)=Nextcloud
 * Hub,Element" (one → several). On the left, `usage:KEY` names one usage (a subset of a product);
 * anything else is a product or the file's own system name. A name with a comma in it needs
 * --spec FILE.
 */
export function parseReplace(text: string): ReplacementSpec {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new UsageError(`--replace needs "produkt=alternativ", got "${text}"`);
  let right = text.slice(eq + 1).trim();
  let from: string | undefined;
  const at = right.match(/^(.*)@(\d{4}-\d{2}-\d{2})$/);
  if (at) {
    right = at[1]!.trim();
    from = at[2]!;
  }
  const left = list(text.slice(0, eq));
  const alternatives = list(right);
  if (left.length === 0 || alternatives.length === 0) throw new UsageError(`--replace needs "produkt=alternativ", got "${text}"`);
  const usages = left.filter((x) => x.startsWith('usage:'));
  const products = left.filter((x) => !x.startsWith('usage:'));
  const out: ReplacementSpec =
    usages.length === 0 && products.length === 1 && alternatives.length === 1
      ? { product: products[0]!, alternative: alternatives[0]! }
      : { ...(products.length ? { products } : {}), ...(usages.length ? { usages } : {}), alternatives };
  return from ? { ...out, from } : out;
}

/** A JSON spec file: `{ "replacements": [...], "startDate"?: ... }` (the API's ScenarioSpec) or just the list. */
function readSpecFile(path: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`--spec ${path}: ${(err as Error).message}`);
  }
  return Array.isArray(raw) ? { replacements: raw } : raw;
}

export async function scenarioCommand(args: string[], log: (m: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { municipality: { type: 'string' }, replace: { type: 'string', multiple: true }, spec: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } },
  });
  const code = Number(values.municipality);
  if (values.municipality == null || !Number.isInteger(code)) throw new UsageError('scenario needs --municipality KODE');
  if (!values.replace?.length && !values.spec) throw new UsageError('scenario needs at least one --replace "produkt=alternativ" or --spec FILE');
  const fromFile = values.spec ? (readSpecFile(values.spec) as { replacements?: unknown; startDate?: unknown }) : null;
  const fileReplacements = fromFile && Array.isArray(fromFile.replacements) ? fromFile.replacements : fromFile ? [fromFile.replacements] : [];
  const parsed = scenarioSpec.safeParse({
    replacements: [...fileReplacements, ...(values.replace ?? []).map(parseReplace)],
    startDate: values.from ?? fromFile?.startDate ?? null,
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return withPreparedDatabase(async ({ db }) => {
    const c = await compareScenario(db, code, parsed.data);
    if (values.json) return log(JSON.stringify(c, null, 2)), 0;
    const { before: b, after: a } = c.outcome;
    log(`Scenarie for kommune ${code} (version ${c.inventoryVersionId}, model ${c.outcome.model}, ${c.asOf}) — intet i oversigten ændres`);
    for (const r of c.outcome.replaced) {
      const when = r.from ? ` fra ${r.from}${r.beforeExitWindow ? ` (før exitvinduet ${r.nextExit})` : ''}` : '';
      log(`  ${r.name ?? r.usageId} → ${r.replacement}${when}: L ${num(r.before.L)} (${r.before.band}) → ${num(r.after.L)} (${r.after.band})${r.parts ? ` (gennemsnit af ${r.parts.length} dele, hver med 1/${r.parts.length} af eksponeringen)` : ''}`);
    }
    const row = (label: string, x: string, y: string) => log(`  ${label.padEnd(36)} ${x.padStart(10)} ${y.padStart(10)}`);
    row('Indikator', 'før', 'efter');
    row('Leverandørbinding L_m', num(b.L), num(a.L));
    row('Optimistisk L_opt', num(b.Lopt), num(a.Lopt));
    row('Andel i bånd D–E', pct(b.atRiskShare), pct(a.atRiskShare));
    for (const band of ['A', 'B', 'C', 'D', 'E'] as const) row(`  bånd ${band}`, pct(b.bandDistribution[band]), pct(a.bandDistribution[band]));
    row('HHI udgift', num(b.hhi.spend, 0), num(a.hhi.spend, 0));
    row('HHI rækkevidde', num(b.hhi.reach, 0), num(a.hhi.reach, 0));
    row('Effektivt antal leverandører (udgift)', num(b.nEff.spend), num(a.nEff.spend));
    row('Ikke-EU-andel', pct(b.nonEuShare), pct(a.nonEuShare));
    log('  Leverandører med ændret rækkevidde (direkte / transitiv, før → efter):');
    for (const v of c.outcome.vendors) {
      if (JSON.stringify(v.before) === JSON.stringify(v.after)) continue;
      log(`    ${(v.name ?? v.vendorId).padEnd(36)} ${pct(v.before?.directReach ?? 0)} / ${pct(v.before?.reach ?? 0)} → ${pct(v.after?.directReach ?? 0)} / ${pct(v.after?.reach ?? 0)}`);
    }
    return 0;
  });
}

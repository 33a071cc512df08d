// `handlefrihed model compare`: model 1.0 beside the selected model on the stored inputs (the
// service services/model-compare.ts), printed for a terminal or as JSON. Nothing is stored.
import { parseArgs } from 'node:util';
import { compareModels, type ComparedPath } from '../services/model-compare.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

const pct = (x: number) => `${(100 * x).toFixed(1).replace('.', ',')} %`;
const kindText: Record<ComparedPath['steps'][number]['kind'], string> = {
  data: 'data',
  'data-undirected': 'data (begge veje)',
  'data-unknown-direction': 'data (ukendt retning)',
  platform: 'platform',
  identity: 'log-in',
};

const roleText: Record<ComparedPath['party']['role'], string> = {
  supplier: 'leverandør', operator: 'driftsleverandør', host: 'hosting', iaas_host: 'IaaS-hosting', platform: 'platform', sub_processor: 'underdatabehandler',
};
const howText: Record<string, string> = {
  ...Object.fromEntries(Object.entries(roleText).map(([role, text]) => [`own:${role}`, `egen rolle: ${text}`])),
  ...Object.fromEntries(Object.entries(kindText).map(([kind, text]) => [`via:${kind}`, `gennem: ${text}`])),
};

/** A path as one line: system –kind weight→ via … [the party's company: role weight]. */
export function pathText(p: ComparedPath): string {
  const parts = [p.system];
  for (const s of p.steps) parts.push(`–${kindText[s.kind]} ${s.weight}→ ${s.to}`);
  return `${parts.join(' ')} [${p.party.company ?? '–'}: ${roleText[p.party.role]} ${p.party.weight}]`;
}

export async function modelCommand(args: string[], log: (m: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'compare') throw new UsageError(`Unknown model command: ${sub ?? '(none)'}`);
  const { values } = parseArgs({
    args: rest,
    options: { municipality: { type: 'string' }, vendor: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' } },
  });
  const code = values.municipality == null ? undefined : Number(values.municipality);
  if (code !== undefined && !Number.isInteger(code)) throw new UsageError(`--municipality needs a municipality code, got ${values.municipality}`);
  const top = values.top == null ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top needs a positive whole number, got ${values.top}`);
  return withPreparedDatabase(async ({ db }) => {
    const r = await compareModels(db, { municipalityCode: code, vendor: values.vendor, top });
    if (values.json) return log(JSON.stringify(r, null, 2)), 0;
    const where = r.scope.municipalityCode == null ? `nationalt, ${r.scope.municipalities} kommuner` : `kommune ${r.scope.municipalityCode}`;
    log(`Model ${r.before} mod ${r.after} (${where}, ${r.scope.systems} systemer, ${r.scope.world === 'demo' ? 'fiktive demodata' : 'rigtige data'}, ${r.scope.asOf}); intet gemmes`);
    log(`  ${'Leverandør (ejer)'.padEnd(44)} ${'direkte 1.0'.padStart(11)} ${'samlet 1.0'.padStart(11)} ${'direkte 1.1'.padStart(11)} ${'samlet 1.1'.padStart(11)}`);
    for (const v of r.vendors) {
      log(`  ${(v.name ?? v.vendorId).slice(0, 44).padEnd(44)} ${pct(v.before.directReach).padStart(11)} ${pct(v.before.reach).padStart(11)} ${pct(v.after.directReach).padStart(11)} ${pct(v.after.reach).padStart(11)}`);
    }
    const e = r.explained;
    if (e.vendorId == null) {
      log(`  Ingen leverandør hedder «${values.vendor ?? 'Microsoft'}».`);
      return 0;
    }
    const national = r.scope.municipalityCode == null;
    log(`  Største bidrag til ${e.name ?? e.vendorId}s samlede rækkevidde under ${r.after} (${pct(e.reach)}, ${e.paths.length} systemer)${national ? ', samme system og vej lagt sammen over kommunerne' : ''}:`);
    for (const g of e.groups.slice(0, 3)) log(`    ${pct(g.contribution).padStart(7)}  ${pathText(g.example)}${national ? ` (${g.municipalities} kommuner)` : ''}`);
    log('  Fordelt på hvordan leverandøren nås (egen rolle på systemet, eller første kant):');
    for (const b of e.breakdown) log(`    ${pct(b.contribution).padStart(7)}  ${(howText[b.how] ?? b.how).padEnd(36)} ${b.systems} systemer`);
    const through = e.groups.filter((g) => g.example.steps.length > 0);
    if (through.length) {
      log('  Største bidrag gennem andre systemer:');
      for (const g of through.slice(0, 3)) log(`    ${pct(g.contribution).padStart(7)}  ${pathText(g.example)}${national ? ` (${g.municipalities} kommuner)` : ''}`);
    }
    return 0;
  });
}

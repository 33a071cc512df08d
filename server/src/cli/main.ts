// The `handlefrihed` command line. Subcommands call the same services as the API.
// Exit codes: 0 success, 1 the operation failed or was refused, 2 wrong usage.
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { migrateDown, migrateToLatest } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { startServer } from '../index.ts';
import { backupDatabase } from '../services/backup.ts';
import { removeDemo, resetDemo } from '../services/demo-data.ts';
import { syncReferenceData } from '../services/sync-reference.ts';
import { cliActor, takeOperator } from './actor.ts';
import { backupCommand, restoreCommand } from './backup-commands.ts';
import { UsageError, withDatabase } from './context.ts';
import { importCommand, importsCommand, templateCommand } from './import-commands.ts';
import { kitosCommand } from './kitos-commands.ts';
import { scoreCommand, sensitivityCommand } from './score-commands.ts';
import { modelCommand } from './model-command.ts';
import { scenarioCommand } from './scenario-command.ts';
import { userCommand } from './user-commands.ts';
import { runExport } from './export-command.ts';

const USAGE = `Brug / usage: handlefrihed <kommando> [tilvalg]

  serve                      Start API og web (PORT, DATABASE_URL styrer port og database)
  migrate [--down]           Migrér databasen til nyeste version (eller én version tilbage, efter en sikkerhedskopi)
  backup [--out FIL]         Sikkerhedskopi af databasen (standard: var/backups/handlefrihed-<tid>.db|.dump, mode 600)
  restore FIL [--yes]        Gendan en sikkerhedskopi (--yes: overskriv en database med data; den kopieres først)
  reference load             Indlæs referencedata (kommuner, leverandører, produkter, alternativer)
  demo remove                Slet alle fiktive demodata (demo-oversigter, -produkter og -leverandører); rigtige data bliver
  demo reset [--seed N] [--force]
                             Slet og genopbyg de fiktive demodata (afvises når der er rigtige data, medmindre --force)
  import FIL --municipality KODE [--profile kitos-systems|kitos-contracts|generic] [--format csv|xlsx|html]
         [--sheet NAVN] [--table CSS] [--map "Kolonne=felt" …] [--dry-run] [--skip-invalid] [--json]
                             Indlæs en it-systemoversigt som ny version (alt eller intet)
  template PROFIL [--out FIL]  Skriv en skabelon (kitos-systems, kitos-contracts, generic)
  imports [list] --municipality KODE | imports diff A B | imports rollback ID
                             Versioner: liste, forskel og tilbagerulning
  imports prune --municipality KODE --keep N [--dry-run] [--json]
                             Slet versioner ældre end de N nyeste (aldrig den aktuelle; afvises for en version, en gemt
                             exitplan er gemt for); importkørslerne bevares, revideres / prune old versions (audited)
  score --municipality KODE [--json]   Kommunens indikatorer og systemernes binding
  score --national [--json]            De nationale indikatorer
  score --recompute [--workers N] [--worker-heap-mb M]
                                       Genberegn alle scorer (fx efter en ny modelversion, eller hver nat) i N arbejdstråde
                                       med hver højst M MB heap (standard: efter den største beholdning)
  scenario --municipality KODE --replace "HVAD[,HVAD …]=MED[,MED …][@DATO]" … [--spec FIL.json] [--from DATO] [--json]
                             Før/efter-indikatorer, hvis systemerne erstattes (intet gemmes). HVAD: et produkt, kommunens
                             eget systemnavn eller usage:NØGLE; MED: et katalogprodukt eller alternativ (fx openDesk)
  sensitivity [--model VERSION] [--json]
                             Følsomhedsanalyse af prioriteringen (vægte og rollevægte), under den valgte model
                             eller en tidligere (--model handlefrihed-1.0)
  model compare [--municipality KODE] [--vendor NAVN] [--top 10] [--json]
                             Model 1.0 ved siden af den valgte model: de største leverandørers direkte og samlede
                             rækkevidde under begge, og stierne bag én leverandørs (standard Microsoft); intet gemmes
  export LISTE [--municipality KODE] [--format csv|xlsx|json] [--out FIL]
                             Eksportér en liste (usages, contracts, integrations, products, vendors, alternatives, scores)
  user add EMAIL --role ROLLE [--municipality KODE …] [--name NAVN] [--no-password]
                             Opret en bruger (roller: reader, leader, architect, contributor, moderator, admin;
                             leader og architect gælder hver --municipality); adgangskoden vises én gang
  user list | user grant EMAIL --role … | user password EMAIL | user disable|enable EMAIL
  kitos configure --municipality KODE --email E [--org UUID] [--base-url URL] [--keep-password]
                             KITOS-forbindelse: API-brugerens adgangskode fra KITOS_PASSWORD eller stdin (aldrig som
                             argument), krypteret med SECRETS_KEY; uden --org slås organisationen op i KITOS /
                             the API user's password from KITOS_PASSWORD or stdin; without --org it is looked up
  kitos sync --municipality KODE [--dry-run] [--full] [--json]
                             Hent it-systemoversigten fra KITOS som ny version (kun ændringer siden sidst, medmindre
                             --full) / fetch the inventory from KITOS as a new version (changes only, unless --full)
  kitos show|forget --municipality KODE [--json]
                             Vis (aldrig adgangskoden) eller slet forbindelsen / show (never the password) or delete it
  kitos rotate-key           Kryptér alle gemte adgangsoplysninger igen med SECRETS_KEY (den gamle nøgle i
                             SECRETS_KEY_PREVIOUS) / re-encrypt every stored credential with the current key

Alle kommandoer / every command: --as EMAIL  ændringer logges i revisionsloggen med denne e-mailadresse
                             (uden --as: styresystemets brugernavn, cli:<bruger>) / audited as this person

Miljø / environment: DATABASE_URL (SQLite-fil eller postgres://…), PORT, DEMO_SEED, PUBLIC_URL, OIDC_CONFIG, PG_BINDIR,
  SECRETS_KEY, SECRETS_KEY_PREVIOUS, KITOS_SYNC_CRON, KITOS_SYNC_TIMEZONE,
  SECRETS_KEY (32 byte, base64 eller hex), SECRETS_KEY_PREVIOUS`;

export async function main(argv: string[]): Promise<number> {
  // `--as EMAIL` (who the audit log names) is read here, once, for every command.
  const [command, ...rest] = takeOperator(argv);
  const log = (m: string) => console.log(m);
  switch (command) {
    case 'serve':
      await startServer();
      return -1; // keeps running
    case 'migrate': {
      const { values } = parseArgs({ args: rest, options: { down: { type: 'boolean', default: false } } });
      await withDatabase(async (h) => {
        if (values.down) {
          // Reverting drops tables and their rows: never without a copy to go back to.
          const config = loadConfig();
          log(`Backed up the database to ${await backupDatabase(h, { databaseUrl: config.databaseUrl, pgBindir: config.pgBindir }, { label: 'before-down' })}`);
          log(`Reverted: ${(await migrateDown(h)).join(', ') || '(nothing)'}`);
        }
        else {
          const r = await migrateToLatest(h);
          log(`Schema version ${r.schemaVersion}; applied: ${r.applied.join(', ') || '(nothing)'}`);
        }
      });
      return 0;
    }
    case 'reference': {
      if (rest[0] !== 'load') throw new UsageError(`Unknown reference command: ${rest[0] ?? '(none)'}`);
      await withDatabase(async (h) => {
        await migrateToLatest(h);
        const r = await syncReferenceData(h.db);
        log(`Reference data: ${r.inserted} added, ${r.updated} updated (${JSON.stringify(r.counts)})`);
        const { published, unverified, coverage } = r.publication;
        log(`Alternatives: ${published} published, ${unverified} unverified (shown, never recommended); candidate inputs known (of 9): ${coverage.map((n, k) => `${k}: ${n}`).filter((_, k) => coverage[k]! > 0).join(', ')}`);
        if (r.skippedPlaceholders.length) log(`Skipped placeholders in alternatives.csv (not product names, never published): ${r.skippedPlaceholders.join('; ')}`);
      });
      return 0;
    }
    case 'demo': {
      const sub = rest[0];
      if (sub !== 'reset' && sub !== 'remove') throw new UsageError(`Unknown demo command: ${sub ?? '(none)'}`);
      const { values } = parseArgs({ args: rest.slice(1), options: { seed: { type: 'string' }, force: { type: 'boolean', default: false } } });
      const config = loadConfig();
      const seed = values.seed != null ? Number(values.seed) : config.demoSeed;
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
      const h = await prepareDatabase(config, { demo: false, log });
      try {
        if (sub === 'remove') {
          const r = await removeDemo(h.db, cliActor());
          log(
            `Fjernede demodata / removed the demo data: ${r.inventoryVersions} inventory versions (${r.municipalities} municipalities), ` +
              `${r.importRuns} import runs, ${r.products} products, ${r.vendors} vendors, ${r.alternatives} alternatives, ${r.exitPlans} exit plans, ${r.scenarios} scenarios.`,
          );
        } else {
          const { removed, loaded } = await resetDemo(h.db, cliActor(), { seed, force: values.force });
          log(`Removed ${removed.municipalities} demo inventories; generated ${loaded.municipalities} (seed ${seed}, ${loaded.usages} system usages). Fiktive demodata.`);
        }
      } finally {
        await h.close();
      }
      return 0;
    }
    case 'import':
      return importCommand(rest, log);
    case 'imports':
      return importsCommand(rest, log);
    case 'template':
      return templateCommand(rest, log);
    case 'score':
      return scoreCommand(rest, log);
    case 'scenario':
      return scenarioCommand(rest, log);
    case 'sensitivity':
      return sensitivityCommand(rest, log);
    case 'model':
      return modelCommand(rest, log);
    case 'user':
      return userCommand(rest, log);
    case 'kitos':
      return kitosCommand(rest, log);
    case 'backup':
      return backupCommand(rest, log);
    case 'restore':
      return restoreCommand(rest, log);
    case 'export':
      return runExport(rest, { stdout: process.stdout, log });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`Unknown command: ${command}`);
  }
}

export async function run(argv: string[]): Promise<void> {
  try {
    const code = await main(argv);
    if (code >= 0) process.exitCode = code;
  } catch (err) {
    if (err instanceof UsageError || (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${err.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (err instanceof AppError) {
      console.error(`${err.title.da} / ${err.title.en}: ${err.message}`);
      for (const e of err.errors.slice(0, 50)) {
        console.error(`  ${[e.file, e.line, e.column].filter((x) => x != null).join(':')} ${e.value != null ? `«${e.value}» ` : ''}${e.message.da}`);
      }
      // A failed import's answer names no engine message; the operator still needs it.
      if (err.status >= 500 && err.cause) console.error(err.cause);
      process.exitCode = 1;
    } else {
      // One sentence, never a stack trace: what failed and, where known, what to run.
      console.error(`Fejl / error: ${unexpected(err)}`);
      process.exitCode = 1;
    }
  }
}

/** An unexpected error as one line; a database without the schema says what to run. */
function unexpected(err: unknown): string {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
  if (/no such table|relation .* does not exist/i.test(message)) {
    return `${message}. Databasen mangler sit skema: kør \`handlefrihed migrate\` / the database has no schema: run \`handlefrihed migrate\``;
  }
  return message;
}

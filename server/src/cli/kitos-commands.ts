// `handlefrihed kitos configure|show|forget|rotate-key`: a municipality's KITOS connection from the
// server's command line, through the same service as the API. The API user's password is never
// an argument (arguments show in `ps` and shell history): it comes from KITOS_PASSWORD or stdin.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { findKitosOrganizations, runKitosSync } from '../services/kitos-sync.ts';
import { printReport } from './import-commands.ts';
import { configureKitosConnection, forgetKitosConnection, type KitosConnectionView, rotateSecretsKey, showKitosConnection } from '../services/kitos-connections.ts';
import { cliActor, cliActorLabel } from './actor.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

function municipalityCode(value: string | undefined): number {
  if (!value || !/^\d{3}$/.test(value) || Number(value) < 100) throw new UsageError(`--municipality takes a three-digit kommunekode${value ? `, got ${value}` : ''}`);
  return Number(value);
}

/** All of stdin (a pipe or file), without the line end that `echo` or a file adds. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line from the terminal, not echoed. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (result: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      result();
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new UsageError('Afbrudt / cancelled')));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password: KITOS_PASSWORD, else stdin (piped), else asked for on the terminal without echo. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.KITOS_PASSWORD;
  if (fromEnv) return fromEnv;
  const password = process.stdin.isTTY ? await promptHidden('KITOS API-brugerens adgangskode / password: ') : await readStdin();
  if (!password) throw new UsageError('Give the API user\'s password in KITOS_PASSWORD or on stdin (never as an argument), or use --keep-password');
  return password;
}

function describe(v: KitosConnectionView): string[] {
  const error = v.lastError ? `${v.lastError.da} / ${v.lastError.en}` : '–';
  return [
    `Kommune / municipality ${v.municipalityCode}`,
    `  KITOS: ${v.baseUrl}, organisation ${v.organizationUuid}`,
    `  API-bruger / API user: ${v.apiUserEmailHint} (krypteret med nøgle / encrypted with key ${v.credentialsKeyId})`,
    `  Opsat / set up: ${v.createdAt} (${v.createdBy}); ændret / changed: ${v.updatedAt} (${v.updatedBy})`,
    `  Seneste synkronisering / last sync: startet / started ${v.lastSyncStartedAt ?? '–'}, lykkedes / succeeded ${v.lastSuccessfulSyncAt ?? '–'}${v.syncRunning ? ' (kører nu / running now)' : ''}`,
    `  Næste synkronisering / next sync: ${v.syncCursor ? `ændringer siden / changes since ${v.syncCursor}` : 'fuld / full'}`,
    `  Seneste fejl / last error: ${error}`,
  ];
}

export async function kitosCommand(args: string[], log: (m: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      municipality: { type: 'string' },
      org: { type: 'string' },
      'base-url': { type: 'string' },
      email: { type: 'string' },
      'keep-password': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
    },
  });
  if (positionals.length) throw new UsageError('Unexpected argument (not repeated here, in case it was a password: the password is never an argument; use KITOS_PASSWORD or stdin)');
  const config = loadConfig();
  const print = (v: KitosConnectionView) => (values.json ? log(JSON.stringify(v, null, 2)) : describe(v).forEach((l) => log(l)));
  switch (sub) {
    case 'configure': {
      const code = municipalityCode(values.municipality);
      if (!values.email) throw new UsageError('Usage: kitos configure --municipality KODE --email E [--org UUID] [--base-url URL] [--keep-password] (password from KITOS_PASSWORD or stdin; without --org the organisation is looked up in KITOS)');
      const password = values['keep-password'] ? null : await readPassword();
      if (!values.org) {
        if (!password) throw new UsageError('--org is needed with --keep-password (the lookup signs in with the password)');
        // First setup: the organisations the API user is a member of (onlyWhereUserHasMembership).
        const orgs = await findKitosOrganizations({ baseUrl: values['base-url'] ?? null, email: values.email, password });
        if (orgs.length !== 1) {
          log(orgs.length ? 'API-brugeren er medlem af flere organisationer; vælg med --org / the API user is a member of several organisations; choose one with --org:' : 'API-brugeren er ikke medlem af nogen organisation i KITOS / the API user is a member of no organisation in KITOS');
          for (const o of orgs) log(`  ${o.uuid}  ${o.name}${o.cvr ? ` (CVR ${o.cvr})` : ''}`);
          return 2;
        }
        values.org = orgs[0]!.uuid;
        log(`Organisation: ${orgs[0]!.name} (${values.org})`);
      }
      return withPreparedDatabase(async (h) => {
        const v = await configureKitosConnection(h.db, config.secrets, cliActor(), code, { baseUrl: values['base-url'] ?? null, organizationUuid: values.org!, email: values.email!, password });
        log('KITOS-forbindelsen er gemt / the KITOS connection is saved');
        print(v);
        return 0;
      });
    }
    case 'show':
      return withPreparedDatabase(async (h) => {
        print(await showKitosConnection(h.db, municipalityCode(values.municipality)));
        return 0;
      });
    case 'forget': {
      const code = municipalityCode(values.municipality);
      return withPreparedDatabase(async (h) => {
        await forgetKitosConnection(h.db, cliActor(), code);
        log(`KITOS-forbindelsen for kommune ${code} og dens adgangsoplysninger er slettet / the KITOS connection and its credentials are deleted`);
        return 0;
      });
    }
    case 'sync': {
      const code = municipalityCode(values.municipality);
      return withPreparedDatabase(async (h) => {
        const r = await runKitosSync(h.db, config.secrets, { municipalityCode: code, actor: cliActorLabel(), dryRun: values['dry-run'], full: values.full });
        if (r === 'skipped') return 0; // only a scheduled run skips
        if (values.json) log(JSON.stringify(r, null, 2));
        else {
          const s = r.sync;
          const how = s.mode === 'incremental' ? `ændringer siden sidst / changes since the last sync: ${s.changed} ændret / changed, ${s.deleted} slettet / deleted` : `alt / everything${s.reason ? ` (${s.reason.da} / ${s.reason.en})` : ''}`;
          log(`KITOS: ${how}; ${s.entities.usages} anvendelser / usages, ${s.entities.systems} systemer / systems, ${s.entities.contracts} kontrakter / contracts, ${s.entities.organizationUnits} enheder / units, ${s.entities.dataProcessingRegistrations} databehandlinger / data processing registrations`);
          printReport(r, log);
        }
        return r.status === 'refused' ? 1 : 0;
      });
    }
    case 'rotate-key':
      return withPreparedDatabase(async (h) => {
        const r = await rotateSecretsKey(h.db, config.secrets, cliActor());
        log(`Krypteret igen med nøgle / re-encrypted with key ${r.keyId}: ${r.reencrypted} forbindelser / connections (${r.fromOlderKeys} med en ældre nøgle / under an older key). SECRETS_KEY_PREVIOUS kan nu fjernes / can now be removed.`);
        return 0;
      });
    default:
      throw new UsageError(`Unknown kitos command: ${sub ?? '(none)'}`);
  }
}

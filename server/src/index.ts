// The server entry point: reads the configuration, prepares the database and listens.
import { serve } from '@hono/node-server';
import { prepareDatabase, workerDatabaseUrl } from './bootstrap.ts';
import { type Config, loadConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { countUsers } from './repositories/users.repository.ts';
import { defaultModel } from './scoring/index.ts';
import { kitosConnectionCodes } from './repositories/kitos-connections.repository.ts';
import { startSyncSchedule, type SyncSchedule } from './services/kitos-schedule.ts';
import { kitosSyncRunner } from './services/kitos-sync-runner.ts';
import { scoresOfOtherModels } from './services/scores.ts';

export async function startServer(config: Config = loadConfig()): Promise<void> {
  const log = (m: string) => console.log(m);
  const database = await prepareDatabase(config, { demo: true, log });
  const app = createApp({ database, config });
  // Stored scores keep the model that computed them; say so when the selected model is newer.
  for (const [version, n] of Object.entries(await scoresOfOtherModels(database.db))) {
    log(`${n} kommuners scorer er beregnet med ${version}, ikke ${defaultModel.version}; kør \`npx handlefrihed score --recompute\` / ${n} municipalities' scores were computed with ${version}: run \`npx handlefrihed score --recompute\``);
  }
  if ((await countUsers(database.db)) === 0) {
    // No default password, ever: the first administrator is created on the server's command line.
    log('Ingen brugere endnu. Opret den første administrator / no users yet, create the first administrator:');
    log('  npx handlefrihed user add dig@kommune.dk --role admin');
  }
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    log(`Handlefrihed kører på http://${host}:${info.port}  (database: ${database.dialect})`);
  });
  // Scheduled KITOS syncs (KITOS_SYNC_CRON): every server runs the schedule; the lease lets one sync each municipality.
  let schedule: SyncSchedule | null = null;
  if (config.kitosSync) {
    const runner = kitosSyncRunner(database.db, { databaseUrl: workerDatabaseUrl(database, config), keyring: config.secrets });
    schedule = startSyncSchedule(config.kitosSync.cron, config.kitosSync.timezone, {
      municipalities: () => kitosConnectionCodes(database.db),
      syncOne: async (code, slot) => ((await runner.run({ municipalityCode: code, actor: 'kitos-schedule', slot: slot.toISOString() })) === 'skipped' ? 'skipped' : 'ran'),
      log,
    });
    log(`KITOS-synkronisering efter plan / scheduled KITOS sync: ${schedule.describe}; næste / next ${schedule.nextRun()?.toISOString() ?? '–'}`);
  }
  const stop = () => {
    schedule?.stop();
    server.close(() => {
      void database.close().then(() => process.exit(0));
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

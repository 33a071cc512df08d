// The server entry point: reads the configuration, prepares the database and listens.
import { serve } from '@hono/node-server';
import { prepareDatabase } from './bootstrap.ts';
import { type Config, loadConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { countUsers } from './repositories/users.repository.ts';
import { defaultModel } from './scoring/index.ts';
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
  const stop = () => {
    server.close(() => {
      void database.close().then(() => process.exit(0));
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

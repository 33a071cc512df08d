// The composition root: createApp({ db, config }) builds the whole HTTP application from its
// dependencies. Only server/src/index.ts opens the database and listens.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { problemFromError, problemNotFound } from './problem.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes, templateRoutes } from './routes/imports.ts';
import { municipalityRoutes } from './routes/municipalities.ts';
import { nationalRoutes, usageRoutes, vendorRoutes } from './routes/scores.ts';

export interface AppDeps {
  database: DatabaseHandle;
  config: Config;
}

export function createApp({ database, config }: AppDeps): Hono {
  const app = new Hono();
  app.onError(problemFromError);
  app.notFound(problemNotFound);

  app.route('/api', healthRoutes(database));
  app.route('/api/v1/municipalities', municipalityRoutes(database.db));
  app.route('/api/v1/municipalities', importRoutes(database.db, { maxBytes: config.maxImportBytes }));
  app.route('/api/v1/import-templates', templateRoutes());
  app.route('/api/v1/usages', usageRoutes(database.db));
  app.route('/api/v1/vendors', vendorRoutes(database.db));
  app.route('/api/v1/national', nationalRoutes(database.db));

  mountWeb(app, config.webDist);
  return app;
}

/** Serves the built front end; unknown non-API paths get index.html (client-side routes). */
function mountWeb(app: Hono, webDist: string): void {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (c) =>
      c.text('Front end not built: run `npm run build:web` (npm start does it for you).', 503),
    );
    return;
  }
  const html = readFileSync(index, 'utf8');
  // Vite fingerprints everything under assets/, so it can be cached for good; index.html cannot.
  app.use('/assets/*', serveStatic({ root: webDist, onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable') }));
  app.get('*', (c) => {
    c.header('cache-control', 'no-cache');
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return problemNotFound(c);
    return c.html(html);
  });
}

// The composition root: createApp({ database, config }) builds the whole HTTP application from
// its dependencies. Only server/src/index.ts opens the database and listens.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { etag } from 'hono/etag';
import { oidcConfigSchema, type OidcConfig } from '../auth/oidc.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/connect.ts';
import { ConfigError } from '../errors.ts';
import { authenticate } from './auth.ts';
import { limitBodies, MAX_JSON_BYTES } from './body-limits.ts';
import { rejectUnknownListParameters } from './list-parameters.ts';
import { securityHeaders } from './security-headers.ts';
import { mountDocs } from './docs.ts';
import { type AppEnv, createRouter } from './openapi.ts';
import { problemFromError, problemNotFound } from './problem.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { mountCatalogue } from './routes/catalogue.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes, isImportUpload, templateRoutes } from './routes/imports.ts';
import { inventoryListRoutes } from './routes/inventory-lists.ts';
import { kitosConnectionRoutes } from './routes/kitos-connection.ts';
import { kitosSyncRoutes } from './routes/kitos-sync.ts';
import { workerDatabaseUrl } from '../bootstrap.ts';
import { kitosSyncRunner } from '../services/kitos-sync-runner.ts';
import { municipalityRoutes } from './routes/municipalities.ts';
import { nationalRoutes, usageRoutes, vendorScoreRoutes } from './routes/scores.ts';
import { solutionRoutes } from './routes/solutions.ts';
import { tokenRoutes, userRoutes } from './routes/users.ts';
import { usageEditRoutes } from './routes/usage-edits.ts';
import { exitPlanRoutes } from './routes/exit-plans.ts';
import { cooperationRoutes } from './routes/cooperation.ts';
import { demoRoutes } from './routes/demo.ts';

export interface AppDeps {
  database: DatabaseHandle;
  config: Config;
}

export const OPENAPI_PATH = '/api/v1/openapi.json';

export function createApp({ database, config }: AppDeps): OpenAPIHono<AppEnv> {
  const db = database.db;
  const accounts = { passwordScryptN: config.passwordScryptN, sessionIdleHours: config.sessionIdleHours };
  const app = createRouter();
  app.onError(problemFromError);
  app.notFound(problemNotFound);
  app.use('*', securityHeaders({ https: (config.publicUrl ?? '').startsWith('https:') }));
  app.use('/api/*', limitBodies({ maxBytes: MAX_JSON_BYTES, ownLimit: isImportUpload }));

  app.route('/api', healthRoutes(database));
  // Public: the document and the templates hold no data.
  app.route('/api/v1/import-templates', templateRoutes());
  app.use('/api/v1/*', async (c, next) => (c.req.path === OPENAPI_PATH || c.req.path.startsWith('/api/v1/import-templates/') ? next() : authenticate(db, accounts)(c, next)));
  app.use('/api/v1/*', etag({ weak: true }));
  app.use('/api/v1/*', rejectUnknownListParameters(app));

  app.route('/api/v1/auth', authRoutes(db, { ...accounts, oidc: oidcConfig(config), secureCookies: (config.publicUrl ?? '').startsWith('https:'), trustProxy: config.trustProxy, accessibilityStatementUrl: config.accessibilityStatementUrl }));
  app.route('/api/v1/me/tokens', tokenRoutes(db));
  app.route('/api/v1/users', userRoutes(db, accounts));
  app.route('/api/v1/audit', auditRoutes(db));
  app.route('/api/v1/municipalities', municipalityRoutes(db));
  app.route('/api/v1/municipalities', solutionRoutes(db));
  // Imports and KITOS syncs run in worker threads with their own connection to this database.
  const workerUrl = workerDatabaseUrl(database, config);
  app.route('/api/v1/municipalities', importRoutes(db, { maxBytes: config.maxImportBytes, databaseUrl: workerUrl }));
  app.route('/api/v1/municipalities', kitosConnectionRoutes(db, config.secrets));
  app.route('/api/v1/municipalities', kitosSyncRoutes(db, kitosSyncRunner(db, { databaseUrl: workerUrl, keyring: config.secrets })));
  app.route('/api/v1/usages', usageRoutes(db));
  app.route('/api/v1/usages', usageEditRoutes(db));
  app.route('/api/v1/usages', exitPlanRoutes(db));
  app.route('/api/v1/cooperation', cooperationRoutes(db));
  app.route('/api/v1/vendors', vendorScoreRoutes(db));
  mountCatalogue(app, db);
  app.route('/api/v1/national', nationalRoutes(db));
  app.route('/api/v1/demo', demoRoutes(db));
  app.route('/api/v1', inventoryListRoutes(db, { publicUrl: config.publicUrl }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'hf_session', description: 'Set by POST /api/v1/auth/login; writes need the X-CSRF-Token header' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer', description: 'A personal API token (POST /api/v1/me/tokens)' });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Handlefrihed API',
      version: '1',
      description: 'Digital handlefrihed for danske kommuner: it-systemoversigter, leverandørbinding og åbne alternativer. Errors are application/problem+json (RFC 9457) with Danish and English titles.',
      license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
    },
    servers: [{ url: config.publicUrl ?? '/' }],
    security: [{ session: [] }, { token: [] }],
  });
  mountDocs(app, OPENAPI_PATH);
  mountWeb(app, config.webDist);
  return app;
}

function oidcConfig(config: Config): OidcConfig | null {
  if (!config.oidcConfig) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(config.oidcConfig);
  } catch (err) {
    throw new ConfigError(`OIDC_CONFIG is not JSON: ${(err as Error).message}`);
  }
  const parsed = oidcConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Invalid OIDC_CONFIG:\n  ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  return parsed.data;
}

/** Serves the built front end; unknown non-API paths get index.html (client-side routes). */
function mountWeb(app: OpenAPIHono<AppEnv>, webDist: string): void {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (c) => c.text('Front end not built: run `npm run build:web` (npm start does it for you).', 503));
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

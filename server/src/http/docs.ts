// GET /api/docs: interactive API documentation (Swagger UI) over the generated OpenAPI document,
// served from the installed swagger-ui-dist — nothing is fetched from the internet.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';

const swaggerRoot = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = (specUrl: string) => `<!doctype html>
<html lang="da">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Handlefrihed API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <main id="api-docs"></main>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

// The initialiser is a separate script (not inline), so a strict Content-Security-Policy can stay strict.
const init = (specUrl: string) => `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#api-docs', deepLinking: true, withCredentials: true });\n`;

export function mountDocs(app: Hono<any>, specUrl: string): void {
  app.get('/api/docs', (c) => c.html(page(specUrl)));
  app.get('/api/docs/init.js', (c) => c.body(init(specUrl), 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.use(
    '/api/docs/assets/*',
    serveStatic({ root: swaggerRoot, rewriteRequestPath: (p) => p.replace(/^\/api\/docs\/assets/, ''), onFound: (_p, c) => c.header('cache-control', 'public, max-age=86400') }),
  );
}

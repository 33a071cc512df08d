// The security headers every response carries, pages and API alike: a Content-Security-Policy with
// no inline or foreign script, no framing, no MIME sniffing, referrers only to ourselves, and HSTS
// when the site is served over HTTPS.
import type { MiddlewareHandler } from 'hono';

/**
 * Scripts only from our own origin (the built web and /api/docs/init.js; nothing inline). Styles
 * also allow inline, for one reason: each chart carries its focus ring in its own SVG <style>
 * (web/src/charts/common.ts focusStyle; the e2e CSP test fails without it). A style cannot run
 * code. `blob:`/`data:` images: the favicon and the figure export, which draws the chart on a
 * canvas through a blob: URL.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Two years, the value hstspreload.org asks for. */
const HSTS = 'max-age=63072000; includeSubDomains';

export function securityHeaders(options: { https: boolean }): MiddlewareHandler {
  const headers: [string, string][] = [
    ['content-security-policy', CONTENT_SECURITY_POLICY],
    ['x-frame-options', 'DENY'],
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'same-origin'],
    ...(options.https ? [['strict-transport-security', HSTS] as [string, string]] : []),
  ];
  return async (c, next) => {
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
  };
}

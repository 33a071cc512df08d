// The client-side routes: one line per page, each page its own chunk (the dashboard never loads
// the map, the catalogue never loads D3). A page gets the <main> element, the route's captures
// and the session (who is signed in, with which roles).
import type { SessionView } from '../../server/src/api-types.ts';

export interface PageContext {
  main: HTMLElement;
  session: SessionView;
}

interface Route {
  path: RegExp;
  page: (ctx: PageContext, match: RegExpMatchArray) => Promise<void>;
}

const n = (s: string | undefined) => Number(s);

export const routes: Route[] = [
  { path: /^\/$/, page: async ({ main }) => (await import('./pages/overview.ts')).renderOverview(main) },
  { path: /^\/kommuner\/(\d{3})\/?$/, page: async ({ main }, m) => (await import('./pages/municipality.ts')).renderMunicipality(main, n(m[1])) },
  { path: /^\/systemer\/(\d{1,9})\/?$/, page: async ({ main }, m) => (await import('./pages/system.ts')).renderSystem(main, n(m[1])) },
  { path: /^\/leverandoerer\/(\d{1,9})\/?$/, page: async ({ main }, m) => (await import('./pages/vendor.ts')).renderVendor(main, n(m[1])) },
];

/** The route for a path and its captures; null when no page matches (the caller shows "not found"). */
export function matchRoute(path: string): { route: Route; match: RegExpMatchArray } | null {
  for (const route of routes) {
    const match = path.match(route.path);
    if (match) return { route, match };
  }
  return null;
}

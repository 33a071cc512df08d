// The client-side routes: one line per page, each page its own chunk (the dashboard never loads
// the map, the catalogue never loads D3). A page gets the <main> element, the route's captures
// and the session (who is signed in, with which roles).
import type { SessionView } from '../../server/src/api-types.ts';
// The sign-in page is part of the shell (the header's link), not a chunk of its own.
import { renderSignInPage } from './sign-in.ts';

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
  { path: /^\/kommuner\/(\d{3})\/import\/?$/, page: async ({ main, session }, m) => (await import('./pages/import.ts')).renderImport(main, n(m[1]), session) },
  { path: /^\/kommuner\/(\d{3})\/exitveje\/?$/, page: async ({ main }, m) => (await import('./pages/exit-paths.ts')).renderExitPaths(main, n(m[1])) },
  { path: /^\/kommuner\/(\d{3})\/rapport\/?$/, page: async ({ main, session }, m) => (await import('./pages/report.ts')).renderReport(main, n(m[1]), session) },
  { path: /^\/kommuner\/(\d{3})\/scenarier\/?$/, page: async ({ main, session }, m) => (await import('./pages/scenarios.ts')).renderScenarios(main, n(m[1]), session) },
  { path: /^\/kommuner\/(\d{3})\/?$/, page: async ({ main }, m) => (await import('./pages/municipality.ts')).renderMunicipality(main, n(m[1])) },
  { path: /^\/kommuner\/(\d{3})\/systemer\/([^/]+)\/?$/, page: async ({ main }, m) => (await import('./pages/system.ts')).renderSystemAt(main, n(m[1]), decodeURIComponent(m[2]!)) },
  { path: /^\/systemer\/(\d{1,9})\/?$/, page: async ({ main }, m) => (await import('./pages/system.ts')).renderSystem(main, n(m[1])) },
  { path: /^\/systemer\/(\d{1,9})\/exitplan\/?$/, page: async ({ main, session }, m) => (await import('./pages/exit-plan.ts')).renderExitPlan(main, n(m[1]), session) },
  { path: /^\/samarbejde\/?$/, page: async ({ main, session }) => (await import('./pages/cooperation.ts')).renderCooperation(main, session) },
  { path: /^\/katalog\/?$/, page: async ({ main, session }) => (await import('./pages/catalogue.ts')).renderCatalogue(main, session) },
  { path: /^\/katalog\/bidrag\/?$/, page: async ({ main, session }) => (await import('./pages/catalogue-contribute.ts')).renderCatalogueContribute(main, session) },
  { path: /^\/katalog\/moderation\/?$/, page: async ({ main, session }) => (await import('./pages/catalogue-moderation.ts')).renderCatalogueModeration(main, session) },
  { path: /^\/katalog\/(\d{1,9})\/?$/, page: async ({ main, session }, m) => (await import('./pages/catalogue-entry.ts')).renderCatalogueEntry(main, n(m[1]), session) },
  { path: /^\/log-ind\/?$/, page: async ({ main, session }) => renderSignInPage(main, session) },
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

// The app shell: the session (demo banner, account line, sign-in form when the visitor may not
// see the data) and the routes — / (national overview), /kommuner/{code} (a municipality),
// /systemer/{usageId} (one system's score) and /leverandoerer/{vendorId} (a vendor).
// Each page is its own chunk, so the dashboard never loads the map.
import './styles.css';
import type { SessionView } from '../../server/src/api-types.ts';
import { fetchSession } from './data/api.ts';
import { errorLine } from './figure.ts';
import { municipalityRoute, startRouter, systemRoute, vendorRoute } from './router.ts';
import { renderAccount, renderSignIn } from './sign-in.ts';

const main = document.getElementById('main')!;
let first = true;

async function route(path: string, session: SessionView): Promise<void> {
  const code = municipalityRoute(path);
  const usage = systemRoute(path);
  const vendor = vendorRoute(path);
  try {
    if (code !== null) await (await import('./pages/municipality.ts')).renderMunicipality(main, code);
    else if (usage !== null) await (await import('./pages/system.ts')).renderSystem(main, usage);
    else if (vendor !== null) await (await import('./pages/vendor.ts')).renderVendor(main, vendor);
    else await (await import('./pages/overview.ts')).renderOverview(main);
  } catch (err) {
    main.append(errorLine(`Siden kunne ikke vises: ${err instanceof Error ? err.message : String(err)}`));
  }
  // After a client-side navigation, move focus to the new page like a page load would.
  if (!first) main.focus();
  first = false;
}

async function start(): Promise<void> {
  const status = document.getElementById('status')!;
  try {
    const session = await fetchSession();
    document.getElementById('demo-banner')!.hidden = !session.demoMode;
    document.getElementById('account')!.replaceChildren(renderAccount(session, () => location.reload()));
    if (!session.user && !session.demoMode) {
      status.textContent = '';
      document.getElementById('regions')!.replaceChildren(renderSignIn(session, () => location.reload()));
      return;
    }
    startRouter((path) => route(path, session));
  } catch (err) {
    status.textContent = `Siden kunne ikke hentes: ${err instanceof Error ? err.message : String(err)}`;
    status.classList.add('error');
  }
}

void start();

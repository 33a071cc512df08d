// The app shell: the session (demo banner, account line, sign-in form when the visitor may not
// see the data), the site navigation, the language switch, and the routes (routes.ts). Each page
// is its own chunk, so the dashboard never loads the map.
import './styles.css';
import type { SessionView } from '../../server/src/api-types.ts';
import { fetchMunicipality, fetchSession } from './data/api.ts';
import { el } from './dom.ts';
import { errorLine } from './figure.ts';
import { lang, setLang, tr } from './i18n.ts';
import { link, startRouter } from './router.ts';
import { matchRoute } from './routes.ts';
import { watchScrollRegions } from './scroll-regions.ts';
import { renderAccount, renderSignIn, returnPath, SIGN_IN_PATH } from './sign-in.ts';

const main = document.getElementById('main')!;
let first = true;

async function route(path: string, session: SessionView): Promise<void> {
  await demoBanner(path, session);
  const found = matchRoute(path);
  try {
    if (found) await found.route.page({ main, session }, found.match);
    else {
      document.title = tr('Siden findes ikke – Handlefrihed', 'Page not found – Handlefrihed');
      main.replaceChildren(el('h1', {}, tr('Siden findes ikke', 'Page not found')), el('p', {}, link('/', tr('Til forsiden', 'To the front page'))));
    }
  } catch (err) {
    main.append(errorLine(`${tr('Siden kunne ikke vises', 'The page could not be shown')}: ${err instanceof Error ? err.message : String(err)}`));
  }
  // After a client-side navigation, move focus to the new page like a page load would.
  if (!first) main.focus();
  first = false;
}

/** The fixed texts of index.html, in the chosen language. */
function shellTexts(): void {
  document.documentElement.lang = lang();
  document.querySelector('.skip-link')!.textContent = tr('Spring til indhold', 'Skip to content');
  document.querySelector('.tagline')!.textContent = tr('Digital handlefrihed for danske kommuner', 'Digital freedom of action for Danish municipalities');
  document.getElementById('demo-banner')!.replaceChildren(
    // The Danish label stays in the English text too, marked as Danish for screen readers.
    el('strong', {}, ...(lang() === 'da' ? ['Fiktive demodata.'] : ['Fictitious demo data (', el('span', { attrs: { lang: 'da' } }, 'Fiktive demodata'), ').'])),
    ' ',
    demoMunicipality
      ? tr(
          `${demoMunicipality}s tal er genereret og beskriver ikke den virkelige kommune. De nationale tal medregner kun kommuner med rigtige data.`,
          `The figures of ${demoMunicipality} are generated and do not describe the real municipality. National figures count only municipalities with real data.`,
        )
      : tr('Tallene er genereret og beskriver ikke nogen virkelig kommune.', 'The figures are generated and describe no real municipality.'),
  );
}

/** A demo municipality's own pages while real data exists elsewhere: the banner names it. */
let demoMunicipality: string | null = null;

/**
 * The banner per page: national pages show it only while the national figures count demo data
 * (the session's world); a municipality's pages show it exactly when its own current inventory is
 * demo data — also once other municipalities have real data.
 */
async function demoBanner(path: string, session: SessionView): Promise<void> {
  const banner = document.getElementById('demo-banner')!;
  const own = path.match(/^\/kommuner\/(\d{3})(?:\/|$)/);
  let show = session.world === 'demo';
  demoMunicipality = null;
  if (own) {
    try {
      const m = await fetchMunicipality(Number(own[1]));
      show = m.demo;
      if (m.demo && session.world === 'real') demoMunicipality = m.name;
    } catch {
      // Not readable (signed out, unknown code): the page itself says so; the banner follows the world.
    }
  }
  shellTexts();
  banner.hidden = !show;
}

/** The site navigation: what the visitor's roles let them use. */
function siteNav(session: SessionView): HTMLElement {
  const items = [link('/', tr('Overblik', 'Overview')), link('/katalog', tr('Åbne alternativer', 'Open-source alternatives')), link('/samarbejde', tr('Samarbejde', 'Cooperation'))];
  const architectOf = session.grants.find((g) => g.role === 'architect' && g.municipalityCode != null)?.municipalityCode;
  if (architectOf != null) items.push(link(`/kommuner/${architectOf}/import`, tr('Import', 'Import')));
  if (session.grants.some((g) => g.role === 'moderator' || g.role === 'admin')) items.push(link('/katalog/moderation', tr('Moderation', 'Moderation')));
  return el('nav', { attrs: { 'aria-label': tr('Hovedmenu', 'Main menu') } }, el('ul', { className: 'site-nav' }, ...items.map((a) => el('li', {}, a))));
}

/** Dansk | English: a pair of buttons, the current one pressed; the page re-renders in place. */
function languageSwitch(onChange: () => void): HTMLElement {
  const button = (code: 'da' | 'en', label: string, hreflang: string) => {
    const b = el('button', { className: 'link-button', attrs: { type: 'button', lang: hreflang, 'aria-pressed': String(lang() === code) } }, label);
    b.addEventListener('click', () => {
      if (lang() === code) return;
      setLang(code);
      onChange();
    });
    return b;
  };
  return el('span', { className: 'language-switch', role: 'group', attrs: { 'aria-label': 'Sprog / Language' } }, button('da', 'Dansk', 'da'), ' | ', button('en', 'English', 'en'));
}

/** The footer: the licence line and, when the deployment names one, its accessibility statement. */
function footer(statementUrl: string | null): void {
  const p = el('p', {}, tr('Handlefrihed er open source (EUPL-1.2).', 'Handlefrihed is open source (EUPL-1.2).'));
  if (statementUrl) p.append(' ', el('a', { id: 'accessibility-statement', attrs: { href: statementUrl, hreflang: 'da' } }, tr('Tilgængelighedserklæring', 'Accessibility statement')));
  document.querySelector('.site-footer')!.replaceChildren(p);
}

async function start(): Promise<void> {
  shellTexts();
  watchScrollRegions(main);
  const status = document.getElementById('status')!;
  try {
    const session = await fetchSession();
    const paint = () => {
      shellTexts();
      document.getElementById('account')!.replaceChildren(renderAccount(session, () => location.reload()), ' ', languageSwitch(repaint));
      document.getElementById('site-nav')!.replaceChildren(session.user || session.demoMode ? siteNav(session) : '');
      footer(session.site.accessibilityStatementUrl);
    };
    const signInOnly = !session.user && !session.demoMode;
    const showSignIn = () => {
      document.title = tr('Log ind – Handlefrihed', 'Sign in – Handlefrihed');
      main.querySelector('h1')!.textContent = tr('Kommunernes it-systemoversigter', 'The municipalities’ IT system inventories');
      main.querySelector('.lead')!.textContent = tr(
        'Se hvor afhængig hver kommune er af de store it-leverandører, og hvilke åbne alternativer der findes.',
        'See how dependent each municipality is on the large IT vendors, and which open alternatives exist.',
      );
      // Signed in from the sign-in page (the header's link): back to the page the visitor came from.
      const done = () => (location.pathname.replace(/\/$/, '') === SIGN_IN_PATH ? location.assign(returnPath(location.search)) : location.reload());
      document.getElementById('regions')!.replaceChildren(renderSignIn(session, done));
    };
    const repaint = () => {
      paint();
      if (signInOnly) showSignIn();
      else void route(location.pathname, session);
    };
    paint();
    if (signInOnly) {
      status.textContent = '';
      showSignIn();
      return;
    }
    startRouter((path) => route(path, session));
  } catch (err) {
    status.textContent = `${tr('Siden kunne ikke hentes', 'The page could not be loaded')}: ${err instanceof Error ? err.message : String(err)}`;
    status.classList.add('error');
  }
}

void start();

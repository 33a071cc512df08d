// The landing page: municipalities by region, from the API — or the sign-in form when the
// visitor may not see them (anyone may, in demo mode).
import './styles.css';
import type { MunicipalitySummary } from '../../server/src/api-types.ts';
import { fetchMunicipalities, fetchSession } from './data/api.ts';
import { el } from './dom.ts';
import { collator, formatInteger } from './format.ts';
import { renderAccount, renderSignIn } from './sign-in.ts';

function renderRegions(items: MunicipalitySummary[]): HTMLElement {
  const byRegion = new Map<string, MunicipalitySummary[]>();
  for (const m of items) byRegion.set(m.region, [...(byRegion.get(m.region) ?? []), m]);
  const container = el('div', { className: 'regions' });
  for (const region of [...byRegion.keys()].sort(collator.compare)) {
    const list = byRegion.get(region)!.sort((a, b) => collator.compare(a.name, b.name));
    const id = `region-${region.toLowerCase().replace(/[^a-zæøå]+/g, '-')}`;
    const ul = el('ul', { className: 'municipality-list' });
    for (const m of list) {
      const usage = m.usageCount ? `${formatInteger(m.usageCount)} systemer` : 'ingen oversigt endnu';
      ul.append(
        el('li', { className: 'municipality', data: { code: String(m.code) } },
          el('span', { className: 'name' }, m.name),
          el('span', { className: 'count' }, usage),
        ),
      );
    }
    container.append(
      el('section', { className: 'region' }, el('h2', { id }, `${region} `, el('span', { className: 'region-count' }, `(${list.length})`)), ul),
    );
  }
  return container;
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
    const { items, total } = await fetchMunicipalities();
    document.getElementById('regions')!.replaceWith(renderRegions(items));
    status.textContent = `${formatInteger(total)} kommuner`;
  } catch (err) {
    status.textContent = `Kommunerne kunne ikke hentes: ${err instanceof Error ? err.message : String(err)}`;
    status.classList.add('error');
  }
}

void start();

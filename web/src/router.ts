// A tiny History API router: same-origin links with data-link (and `navigate`) change the URL
// without a reload; back/forward re-render. The server answers every non-API path with index.html.
type Render = (path: string) => void | Promise<void>;

let render: Render = () => {};

/** Goes to `path` (may carry a query string: pages read `location.search`). */
export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  void render(location.pathname);
}

export function startRouter(r: Render): void {
  render = r;
  addEventListener('popstate', () => void render(location.pathname));
  document.addEventListener('click', (event) => {
    const a = (event.target as Element | null)?.closest?.('a[data-link]');
    if (!(a instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || a.origin !== location.origin) return;
    event.preventDefault();
    navigate(a.pathname + a.search);
  });
  void render(location.pathname);
}

/** A same-origin link the router follows without a reload. */
export function link(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.dataset.link = '';
  a.textContent = text;
  return a;
}

/**
 * Turns the row headers of a data table (first column) into links; `hrefs[i]` for body row i,
 * null to leave that row as text. For tables built by figure.ts's dataTable from chart rows.
 */
export function linkRowHeaders(table: HTMLTableElement, hrefs: readonly (string | null)[]): void {
  table.querySelectorAll('tbody tr').forEach((tr, i) => {
    const th = tr.firstElementChild;
    const href = hrefs[i];
    if (th && href) th.replaceChildren(link(href, th.textContent ?? ''));
  });
}

// A tiny History API router: same-origin links with data-link (and `navigate`) change the URL
// without a reload; back/forward re-render. The server answers every non-API path with index.html.
type Render = (path: string) => void | Promise<void>;

let render: Render = () => {};

export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  void render(path);
}

export function startRouter(r: Render): void {
  render = r;
  addEventListener('popstate', () => void render(location.pathname));
  document.addEventListener('click', (event) => {
    const a = (event.target as Element | null)?.closest?.('a[data-link]');
    if (!(a instanceof HTMLAnchorElement) || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || a.origin !== location.origin) return;
    event.preventDefault();
    navigate(a.pathname);
  });
  void render(location.pathname);
}

/** `/kommuner/101` → 101; null for any other path. */
export function municipalityRoute(path: string): number | null {
  const m = path.match(/^\/kommuner\/(\d{3})\/?$/);
  return m ? Number(m[1]) : null;
}

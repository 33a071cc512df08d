// A table that scrolls sideways in its own box (a phone) must be reachable by keyboard, or its
// hidden columns are out of reach without a mouse (WCAG 2.1.1; axe: scrollable-region-focusable).
// After every render, resize and opened <details>, each such box that really overflows gets a tab
// stop; one that no longer overflows loses the one this module gave it.

const SELECTOR = '.data-table, .table-scroll';
const MARK = 'scrollFocus';

/** Gives every overflowing table box under `root` a tab stop, and takes back the ones no longer needed. */
export function markScrollRegions(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>(SELECTOR)) {
    const overflows = box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible';
    // A box that scrolls inside another one that already takes focus needs none of its own.
    const inFocusable = box.parentElement?.closest<HTMLElement>(SELECTOR)?.tabIndex === 0;
    if (overflows && !inFocusable && !box.hasAttribute('tabindex')) {
      box.tabIndex = 0;
      box.dataset[MARK] = '';
    } else if ((!overflows || inFocusable) && MARK in box.dataset) {
      box.removeAttribute('tabindex');
      delete box.dataset[MARK];
    }
  }
}

/** Keeps the marks right as the page changes: after a resize and when a <details> opens. */
export function watchScrollRegions(root: HTMLElement): void {
  let pending = 0;
  const later = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => markScrollRegions(root));
  };
  addEventListener('resize', later);
  root.addEventListener('toggle', later, true);
  new MutationObserver(later).observe(root, { childList: true, subtree: true });
}

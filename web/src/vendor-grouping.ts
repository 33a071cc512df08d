// Vendors by company or by ultimate owner. A Danish reader knows KMD, not NEC: by default the
// dashboards name the company the municipality deals with and show its owner beside it
// ("KMD A/S (ejet af NEC Corporation, Japan)"); the reader may switch to whole groups under
// their ultimate owner. The choice is remembered like the language.
import { el } from './dom.ts';
import { lang, tr } from './i18n.ts';

export type Grouping = 'company' | 'owner';

const STORAGE_KEY = 'handlefrihed.grouping';

export function grouping(): Grouping {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'owner' ? 'owner' : 'company';
  } catch {
    return 'company';
  }
}

function setGrouping(g: Grouping): void {
  try {
    localStorage.setItem(STORAGE_KEY, g);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

const regionNames = { da: new Intl.DisplayNames(['da'], { type: 'region' }), en: new Intl.DisplayNames(['en-GB'], { type: 'region' }) };

/** A country's name from its ISO code in the interface language ("JP" → "Japan"). */
export function countryName(code: string | null): string {
  if (!code) return tr('ukendt land', 'unknown country');
  try {
    return regionNames[lang()].of(code) ?? code;
  } catch {
    return code;
  }
}

export interface OwnedCompany {
  vendorId: string;
  name: string | null;
  owner: { vendorId: string; name: string | null; country: string | null };
}

/** "KMD A/S (ejet af NEC Corporation, Japan)"; just the name when the company is its own owner. */
export function companyLabel(name: string, owner: { name: string | null; country: string | null } | null): string {
  if (!owner?.name || owner.name === name) return name;
  return tr(`${name} (ejet af ${owner.name}, ${countryName(owner.country)})`, `${name} (owned by ${owner.name}, ${countryName(owner.country)})`);
}

/** A company row's label, or its owner id's fallback when the score has no name. */
export function ownedLabel(v: OwnedCompany): string {
  const name = v.name ?? tr(`Leverandør ${v.vendorId}`, `Vendor ${v.vendorId}`);
  return v.owner.vendorId === v.vendorId ? name : companyLabel(name, v.owner);
}

/**
 * "Vis leverandører som: (•) virksomhed, med ejer ( ) koncern (endelig ejer)": two radio buttons;
 * `onChange` redraws what depends on the grouping.
 */
export function groupingSwitch(id: string, onChange: (g: Grouping) => void): HTMLElement {
  const option = (value: Grouping, label: string) => {
    const input = el('input', { id: `${id}-${value}`, attrs: { type: 'radio', name: id, value } });
    input.checked = grouping() === value;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      setGrouping(value);
      onChange(value);
    });
    return el('span', { className: 'grouping-option' }, input, ' ', el('label', { attrs: { for: input.id } }, label));
  };
  return el('fieldset', { className: 'grouping-switch', id },
    el('legend', {}, tr('Vis leverandører som', 'Show vendors as')),
    option('company', tr('virksomhed (med ejer)', 'company (with owner)')),
    ' ',
    option('owner', tr('koncern (endelig ejer)', 'group (ultimate owner)')));
}

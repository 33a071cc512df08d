// Downloadable template files, one per profile: a CSV in UTF-8 with BOM and `;` (what Danish Excel
// opens correctly), the profile's header row and one example row that imports without errors.
import { getProfile, type ProfileId } from './profiles/index.ts';

export interface Template {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

const FILE_NAMES: Record<ProfileId, string> = {
  'kitos-systems': 'skabelon-kitos-it-systemer.csv',
  'kitos-contracts': 'skabelon-kitos-it-kontrakter.csv',
  generic: 'skabelon-it-systemoversigt.csv',
  'generic-contracts': 'skabelon-kontrakter.csv',
};

/** Quotes a cell when it holds the delimiter, a quote or a line break (RFC 4180 `""`). */
function cell(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function templateFor(profileId: ProfileId): Template {
  const profile = getProfile(profileId);
  if (!profile) throw new TypeError(`Unknown profile ${profileId}`);
  const { header, example } = profile.template;
  const text = `\ufeff${header.map(cell).join(';')}\r\n${example.map(cell).join(';')}\r\n`;
  return { fileName: FILE_NAMES[profileId], contentType: 'text/csv; charset=utf-8', bytes: new TextEncoder().encode(text) };
}

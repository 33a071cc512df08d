// What a profile is: which header titles mean which canonical field, what is required, and the
// header folding every profile shares (trim, NBSP → space, case-fold).
import type { LocalizedText } from '../types.ts';
import type { FieldDef } from './fields.ts';

export type ProfileId = 'kitos-systems' | 'kitos-contracts' | 'generic' | 'generic-contracts';

export interface Profile {
  id: ProfileId;
  label: LocalizedText;
  /** The record a row makes. */
  record: 'usage' | 'contract';
  /** KITOS value conventions: ", "-lists and an organisation-defined criticality scale. */
  kitos: boolean;
  fields: ReadonlyMap<string, FieldDef>;
  /** Titles this profile knows exactly → field id; `extra` = a known column we keep verbatim without a warning. */
  exact: Readonly<Record<string, string>>;
  /** Other spellings (Danish, English, canonical names in a KITOS profile) → field id. */
  aliases: Readonly<Record<string, string>>;
  /** Dynamic columns known to the profile and kept verbatim (KITOS role columns such as `Systemejer Email#`). */
  knownPatterns: readonly RegExp[];
  /** Field ids that must have a column. */
  required: readonly string[];
  /** Header and one example row for the downloadable template. */
  template: { header: readonly string[]; example: readonly string[] };
}

/** Header matching key: NFC, NBSP and other spaces folded, runs collapsed, trimmed, lower-cased. */
export function foldHeader(h: string): string {
  return h
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Looser key for aliases: also `_` as a space, a trailing `*` or `:` dropped ("System name*:" = "system_name"). */
export function foldAlias(h: string): string {
  return foldHeader(h.replace(/_/g, ' ').replace(/[*:]+\s*$/, ''));
}

/** Builds the folded lookup tables of a profile once. */
export function indexProfile(p: Profile): { exact: Map<string, string>; aliases: Map<string, string> } {
  const exact = new Map<string, string>();
  for (const [title, field] of Object.entries(p.exact)) exact.set(foldHeader(title), field);
  const aliases = new Map<string, string>();
  for (const [title, field] of Object.entries(p.aliases)) aliases.set(foldAlias(title), field);
  return { exact, aliases };
}

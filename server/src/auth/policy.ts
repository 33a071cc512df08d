// Who may do what: pure rules over a principal (the signed-in user or token, or nobody) and the
// resource's municipality. Nothing here touches HTTP or the database, so every rule is tested
// directly and the routes, the CLI and the web ask the same questions.
import { z } from 'zod';
import type { LocalizedText } from '../domain/field-error.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';

export const roles = ['reader', 'leader', 'architect', 'contributor', 'moderator', 'admin'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;

export const roleLabels: Record<Role, LocalizedText> = {
  reader: { da: 'Læser', en: 'Reader' },
  leader: { da: 'Leder', en: 'Leader' },
  architect: { da: 'It-arkitekt', en: 'IT architect' },
  contributor: { da: 'Bidragyder', en: 'Contributor' },
  moderator: { da: 'Moderator', en: 'Moderator' },
  admin: { da: 'Administrator', en: 'Administrator' },
};

/** Roles that only make sense for named municipalities. */
export const municipalRoles: ReadonlySet<Role> = new Set(['leader', 'architect']);

export interface Grant {
  role: Role;
  /** The municipality a leader or architect acts for; null for the other roles. */
  municipalityCode: number | null;
}

export const inventoryVisibility = z.enum(['all_municipalities', 'own_municipality']);
export type InventoryVisibility = z.infer<typeof inventoryVisibility>;
/** The fælleskommunal default: signed-in users of every municipality may see each other's inventories. */
export const DEFAULT_VISIBILITY: InventoryVisibility = 'all_municipalities';

export interface Principal {
  /** null for an anonymous visitor. */
  userId: number | null;
  /** Shown in the audit log: the e-mail, or "anonymous". */
  label: string;
  grants: readonly Grant[];
  via: 'session' | 'token' | 'anonymous';
  /** The database holds only fictitious demo data: anyone may read everything (writing still needs a role). */
  demoMode: boolean;
}

export const anonymousPrincipal = (demoMode: boolean): Principal => ({ userId: null, label: 'anonymous', grants: [], via: 'anonymous', demoMode });

const has = (p: Principal, r: Role, code?: number) =>
  p.grants.some((g) => g.role === r && (code === undefined || g.municipalityCode === code));

export const isSignedIn = (p: Principal): boolean => p.userId !== null;
export const isAdmin = (p: Principal): boolean => has(p, 'admin');

/** Municipalities the principal acts for as leader or architect. */
export function municipalitiesOf(p: Principal): number[] {
  return [...new Set(p.grants.filter((g) => g.municipalityCode !== null).map((g) => g.municipalityCode!))].sort((a, b) => a - b);
}

/** National aggregates, municipal headline scores (the map) and the open-source catalogue. */
export const canReadOverview = (p: Principal): boolean => isSignedIn(p) || p.demoMode;

/**
 * A municipality's detailed inventory (systems, contracts, integrations, per-system scores).
 * Its own leaders and architects always; with the default visibility also the leaders and
 * architects of other municipalities; moderators and admins always.
 */
export function canReadInventory(p: Principal, code: number, visibility: InventoryVisibility): boolean {
  if (p.demoMode) return true;
  if (isAdmin(p) || has(p, 'moderator')) return true;
  if (has(p, 'leader', code) || has(p, 'architect', code)) return true;
  return visibility === 'all_municipalities' && municipalitiesOf(p).length > 0;
}

/** Import, edit and roll back a municipality's inventory: its architects (and admins). */
export const canWriteInventory = (p: Principal, code: number): boolean => (has(p, 'architect', code) || isAdmin(p));

/** Set up, change or remove the municipality's KITOS connection (its API user's credentials): who may import, its architects and admins. */
export const canConfigureKitos = (p: Principal, code: number): boolean => canWriteInventory(p, code);

/** See the KITOS connection's settings and sync state (never the credentials): its architects, leaders and admins. */
export const canSeeKitosConnection = (p: Principal, code: number): boolean => canConfigureKitos(p, code) || has(p, 'leader', code);

/** Change a municipality's settings (visibility, calendar link): its leaders and admins. */
export const canManageMunicipality = (p: Principal, code: number): boolean => (has(p, 'leader', code) || isAdmin(p));

/** Propose alternatives and write experience reports. */
export const canContribute = (p: Principal): boolean =>
  ['contributor', 'architect', 'leader', 'moderator', 'admin'].some((r) => has(p, r as Role));

export const canModerate = (p: Principal): boolean => (has(p, 'moderator') || isAdmin(p));

/**
 * Create, list and revoke API tokens: a person signed in with a session only. A token that could
 * mint tokens would outlive its own expiry and revocation through its children.
 */
export const canManageTokens = (p: Principal): boolean => p.via === 'session';

/** Users, vendors (aliases, merges) and reference data. */
export const canAdminister = (p: Principal): boolean => isAdmin(p);

/** The audit log: all of it for admins, a municipality's own entries for its leaders. */
export const canReadAudit = (p: Principal, code: number | null): boolean =>
  isAdmin(p) || (code !== null && has(p, 'leader', code));

/** A grant is well-formed: municipal roles name a municipality, the others don't. */
export function grantProblem(g: Grant): LocalizedText | null {
  if (municipalRoles.has(g.role) && g.municipalityCode === null) {
    return { da: `Rollen ${roleLabels[g.role].da.toLowerCase()} skal knyttes til en kommune`, en: `The ${g.role} role needs a municipality` };
  }
  if (!municipalRoles.has(g.role) && g.municipalityCode !== null) {
    return { da: `Rollen ${roleLabels[g.role].da.toLowerCase()} gælder ikke én kommune`, en: `The ${g.role} role is not scoped to a municipality` };
  }
  return null;
}

/** A refusal as the policy gives it: 401 for a stranger (sign in first), 403 for a signed-in user. */
export function refuse(principal: Principal, what: string): never {
  if (!isSignedIn(principal)) throw new UnauthenticatedError(`Sign in to ${what}`);
  throw new ForbiddenError(`Your roles do not allow you to ${what}`);
}

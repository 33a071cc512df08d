// `handlefrihed user …`: accounts from the server's command line — above all the first
// administrator (there is no default password). The CLI runs with the database's own rights,
// so its changes are audited as `cli:<user>`.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { type Grant, municipalRoles, role as roleSchema } from '../auth/policy.ts';
import { loadConfig } from '../config.ts';
import { NotFoundError } from '../errors.ts';
import { findUserByEmail, grantsOf, listUsers } from '../repositories/users.repository.ts';
import { createUser, setDisabled, setGrants, setPassword } from '../services/accounts.ts';
import { cliActor as actor } from './actor.ts';
import { UsageError, withPreparedDatabase } from './context.ts';

/** A random password for a new account, shown once; the user changes it or signs in through OIDC. */
const newPassword = () => randomBytes(18).toString('base64url');

function grantsFrom(roles: string[], municipalities: string[]): Grant[] {
  const codes = municipalities.map((m) => {
    const n = Number(m);
    if (!/^\d{3}$/.test(m) || n < 100) throw new UsageError(`--municipality takes a three-digit kommunekode, got ${m}`);
    return n;
  });
  return roles.flatMap((r): Grant[] => {
    const parsed = roleSchema.safeParse(r);
    if (!parsed.success) throw new UsageError(`Unknown role ${r}; roles: ${roleSchema.options.join(', ')}`);
    if (!municipalRoles.has(parsed.data)) return [{ role: parsed.data, municipalityCode: null }];
    if (!codes.length) throw new UsageError(`The ${r} role needs --municipality <code>`);
    return codes.map((code) => ({ role: parsed.data, municipalityCode: code }));
  });
}

export async function userCommand(args: string[], log: (m: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      role: { type: 'string', multiple: true, default: [] },
      municipality: { type: 'string', multiple: true, default: [] },
      name: { type: 'string' },
      'no-password': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const settings = { passwordScryptN: loadConfig().passwordScryptN };
  return withPreparedDatabase(async (h) => {
    const db = h.db;
    const userByEmail = async (email: string | undefined) => {
      if (!email) throw new UsageError('Name the user by e-mail');
      const u = await findUserByEmail(db, email);
      if (!u) throw new NotFoundError(`No user with the e-mail ${email}`);
      return u;
    };
    switch (sub) {
      case 'add': {
        const email = positionals[0];
        if (!email || positionals.length > 1) throw new UsageError('Usage: user add <email> --role <role> [--municipality <code> …] [--name NAME] [--no-password]');
        if (!values.role.length) throw new UsageError('Give at least one --role');
        const password = values['no-password'] ? null : newPassword();
        const user = await createUser(db, actor(), { email, displayName: values.name ?? null, password, grants: grantsFrom(values.role, values.municipality) }, settings);
        log(`Bruger oprettet / user created: ${user.email} (${user.grants.map((g) => g.role + (g.municipalityCode ? ` ${g.municipalityCode}` : '')).join(', ')})`);
        if (password) log(`Adgangskode (vises kun nu) / password (shown once): ${password}`);
        else log('Uden adgangskode: brugeren logger ind via OpenID Connect / no password: signs in through OpenID Connect');
        return 0;
      }
      case 'list': {
        const { items } = await listUsers(db, { limit: 1000, offset: 0 });
        if (values.json) log(JSON.stringify(items, null, 2));
        else for (const u of items) log(`${u.disabled ? '(spærret) ' : ''}${u.email}  ${u.grants.map((g) => g.role + (g.municipalityCode ? ` ${g.municipalityCode}` : '')).join(', ') || '–'}`);
        return 0;
      }
      case 'grant': {
        const u = await userByEmail(positionals[0]);
        const next = [...(await grantsOf(db, u.id)), ...grantsFrom(values.role, values.municipality)];
        const updated = await setGrants(db, actor(), u.id, next);
        log(`${updated.email}: ${updated.grants.map((g) => g.role + (g.municipalityCode ? ` ${g.municipalityCode}` : '')).join(', ')}`);
        return 0;
      }
      case 'password': {
        const u = await userByEmail(positionals[0]);
        const password = newPassword();
        await setPassword(db, actor(), u.id, password, settings);
        log(`Ny adgangskode (vises kun nu) / new password (shown once): ${password}`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const u = await userByEmail(positionals[0]);
        await setDisabled(db, actor(), u.id, sub === 'disable');
        log(`${u.email}: ${sub === 'disable' ? 'spærret / disabled' : 'genåbnet / enabled'}`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown user command: ${sub ?? '(none)'}`);
    }
  });
}

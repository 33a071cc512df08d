// Why a dashboard request failed, in words, and whether it was a refusal (not signed in, or not
// allowed to see the municipality's inventory) rather than an error.
import { ApiError } from '../data/api.ts';

export const reason = (err: unknown) => (err instanceof Error && err.message ? err.message : String(err));
export const forbidden = (err: unknown) => err instanceof ApiError && (err.status === 403 || err.status === 401);

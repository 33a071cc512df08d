// The CVR rule: a Danish CVR number is used as a vendor's identity only when it is valid. KITOS
// writes foreign companies as `Name (00000000)`, and files carry `12345678`-style placeholders;
// matching on those would make every foreign company one vendor. Pure; the importers (per-row
// warnings) and the server (the vendor resolver, the reference data) ask the same question.

/** Modulus-11 weights of the eight digits (Erhvervsstyrelsen's CVR check). */
const WEIGHTS = [2, 7, 6, 5, 4, 3, 2, 1] as const;

/** Why a written CVR number cannot serve as identity; null when it can. */
export type CvrProblem = 'format' | 'leading-zero' | 'checksum';

export function cvrProblem(cvr: string): CvrProblem | null {
  if (!/^\d{8}$/.test(cvr)) return 'format';
  if (cvr.charCodeAt(0) === 48) return 'leading-zero';
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (cvr.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return sum % 11 === 0 ? null : 'checksum';
}

/** Eight digits, the first not 0, and the weighted sum divisible by 11. */
export function isValidCvr(cvr: string): boolean {
  return cvrProblem(cvr) === null;
}

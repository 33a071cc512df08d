// NUL (U+0000) in text: PostgreSQL cannot store it in a text column and SQLite truncates it in
// places, so the request validation refuses it in every input, whatever the route.

/** The path (`a.b.0`) of the first string, or object key, that holds a NUL; null when none does. */
export function pathOfNul(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return value.includes('\0') ? path : null;
  if (value instanceof File) return value.name.includes('\0') ? [...path, 'name'] : null;
  if (value === null || typeof value !== 'object' || value instanceof Blob) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\0')) return [...path, key];
    const found = pathOfNul(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

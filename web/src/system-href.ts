// A system's page by its stable address: the municipality and the usage key, which survive
// re-imports (a usage id belongs to one inventory version). /systemer/{id} redirects here.
export const systemHref = (municipalityCode: number | string, usageKey: string): string =>
  `/kommuner/${municipalityCode}/systemer/${encodeURIComponent(usageKey)}`;

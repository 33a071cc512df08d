// Every list a user can see, by the name the API path and `handlefrihed export <name>` use.
import { alternativesList } from './alternatives.ts';
import { contractsList } from './contracts.ts';
import { integrationsList } from './integrations.ts';
import type { ListResource } from './list-resource.ts';
import { productsList } from './products.ts';
import { scoresList } from './scores.ts';
import { usagesList } from './usages.ts';
import { vendorsList } from './vendors.ts';

/** Any list: the registry holds resources with different filters and rows. */
export type AnyListResource = ListResource<any, any>;

export const listResources = {
  usages: usagesList,
  contracts: contractsList,
  integrations: integrationsList,
  products: productsList,
  vendors: vendorsList,
  alternatives: alternativesList,
  scores: scoresList,
} as const satisfies Record<string, AnyListResource>;

export type ListName = keyof typeof listResources;

export const listNames = Object.keys(listResources) as ListName[];

export function findListResource(name: string): AnyListResource | null {
  return Object.hasOwn(listResources, name) ? listResources[name as ListName] : null;
}

// Minimal types for spdx-expression-parse (the package ships none).
declare module 'spdx-expression-parse' {
  export interface SpdxLicenseNode {
    license: string;
    plus?: true;
    exception?: string;
  }
  export interface SpdxConjunctionNode {
    left: SpdxNode;
    conjunction: 'and' | 'or';
    right: SpdxNode;
  }
  export type SpdxNode = SpdxLicenseNode | SpdxConjunctionNode;
  /** Parses an SPDX licence expression; throws on anything invalid. */
  export default function parse(expression: string): SpdxNode;
}

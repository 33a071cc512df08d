// The hostile cells of the importer tests (importers/index.test.ts and importers/csv.test.ts),
// shared by the CSV and XLSX export tests: what comes in verbatim must go out neutralised.
export const HOSTILE_CELLS = [
  '=HYPERLINK("http://x")',
  '+45 12',
  '-1+1',
  '@SUM(A1)',
  '<script>alert(1)</script>',
  'tab\there\u0000nul\u001b[31m',
  '=SUM(A1:A9)',
  '+45 1234',
  '-2+3',
  '@cmd',
  '<img src=x onerror=alert(1)>',
  'a\u0000b\u0007c',
  // The remaining OWASP/ASVS leading characters.
  '\t=1+1',
  '\r=1+1',
  '\u0000=1+1',
  // Full-width twins, which spreadsheets fold to ASCII.
  '\uFF1D1+1',
  '\uFF0BSUM(A1)',
  '\uFF0D1+1',
  '\uFF20SUM(A1)',
] as const;

/** The same cells as a spreadsheet must receive them: a leading quote where OWASP asks for one. */
export const NEUTRALISED_CELLS = [
  `'=HYPERLINK("http://x")`,
  "'+45 12",
  "'-1+1",
  "'@SUM(A1)",
  '<script>alert(1)</script>',
  'tab\there\u0000nul\u001b[31m',
  "'=SUM(A1:A9)",
  "'+45 1234",
  "'-2+3",
  "'@cmd",
  '<img src=x onerror=alert(1)>',
  'a\u0000b\u0007c',
  "'\t=1+1",
  "'\r=1+1",
  "'\u0000=1+1",
  "'\uFF1D1+1",
  "'\uFF0BSUM(A1)",
  "'\uFF0D1+1",
  "'\uFF20SUM(A1)",
];

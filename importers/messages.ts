// The Danish and English texts of every importer issue, in one place so wording stays consistent.
import type { LocalizedText } from './types.ts';

const cap = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
const q = (s: string) => `"${s.length > 60 ? `${s.slice(0, 60)}…` : s}"`;
const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');
/** A list short enough for a message; long vocabularies (106 categories) are pointed to instead. */
const few = (xs: readonly string[], where: string) =>
  xs.length <= 12 ? xs.join(', ') : `${xs.slice(0, 8).join(', ')} … (${xs.length} ${where.startsWith('i ') ? 'i alt, se listen ' : 'in all, see the list '}${where})`;
const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MB`;

export type XlsxProblem = 'not-zip' | 'zip64' | 'encrypted' | 'compression' | 'corrupt-entry' | 'size-mismatch' | 'no-workbook' | 'bad-xml' | 'bad-cell';
const XLSX_PROBLEMS: Record<XlsxProblem, LocalizedText> = {
  'not-zip': { da: 'den er ikke en .xlsx-fil (ingen zip-indholdsfortegnelse)', en: 'it is not an .xlsx file (no zip directory)' },
  zip64: { da: 'den bruger zip64, som en projektmappe under grænsen ikke har brug for', en: 'it uses zip64, which a workbook within the limits does not need' },
  encrypted: { da: 'den er krypteret eller beskyttet med adgangskode', en: 'it is encrypted or password-protected' },
  compression: { da: 'den bruger en komprimering, Excel ikke skriver', en: 'it uses a compression Excel does not write' },
  'corrupt-entry': { da: 'en af dens dele er beskadiget', en: 'one of its parts is damaged' },
  'size-mismatch': { da: 'en del er større end zip-filen selv angiver', en: 'a part is larger than the zip file itself declares' },
  'no-workbook': { da: 'den har ingen projektmappe (xl/workbook.xml)', en: 'it has no workbook (xl/workbook.xml)' },
  'bad-xml': { da: 'dens XML er ugyldig', en: 'its XML is invalid' },
  'bad-cell': { da: 'en celles værdi passer ikke til dens type (fx en henvisning til en tekst, der ikke findes)', en: "a cell's value does not fit its type (e.g. a reference to a text that does not exist)" },
};

/** The yaml package's error codes (its `YAMLError.code`), in our words. */
const YAML_PROBLEMS: Record<string, LocalizedText> = {
  ALIAS_PROPS: { da: 'et alias har egenskaber', en: 'an alias has properties' },
  BAD_ALIAS: { da: 'et alias er ugyldigt', en: 'an alias is invalid' },
  BAD_DIRECTIVE: { da: 'et direktiv (%) er ugyldigt', en: 'a directive (%) is invalid' },
  BAD_DQ_ESCAPE: { da: 'en escape-sekvens i anførselstegn er ugyldig', en: 'an escape sequence in double quotes is invalid' },
  BAD_INDENT: { da: 'indrykningen er forkert', en: 'the indentation is wrong' },
  BAD_PROP_ORDER: { da: 'anker og tag står i forkert rækkefølge', en: 'an anchor and a tag are in the wrong order' },
  BAD_SCALAR_START: { da: 'en værdi begynder med et tegn, der ikke må stå først', en: 'a value starts with a character that may not come first' },
  BLOCK_AS_IMPLICIT_KEY: { da: 'en blok står, hvor der skulle være en nøgle', en: 'a block stands where a key should be' },
  BLOCK_IN_FLOW: { da: 'en blok står inde i [ ] eller { }', en: 'a block stands inside [ ] or { }' },
  DUPLICATE_KEY: { da: 'en nøgle står to gange i samme samling', en: 'a key appears twice in the same mapping' },
  IMPOSSIBLE: { da: 'filen kan ikke fortolkes', en: 'the file cannot be interpreted' },
  KEY_OVER_1024_CHARS: { da: 'en nøgle er længere end 1024 tegn', en: 'a key is longer than 1024 characters' },
  MISSING_CHAR: { da: 'et afsluttende tegn mangler', en: 'a closing character is missing' },
  MULTILINE_IMPLICIT_KEY: { da: 'en nøgle strækker sig over flere linjer', en: 'a key spans several lines' },
  MULTIPLE_ANCHORS: { da: 'en værdi har flere ankre', en: 'a value has several anchors' },
  MULTIPLE_DOCS: { da: 'filen indeholder flere YAML-dokumenter', en: 'the file holds several YAML documents' },
  MULTIPLE_TAGS: { da: 'en værdi har flere tags', en: 'a value has several tags' },
  NON_STRING_KEY: { da: 'en nøgle er ikke en tekst', en: 'a key is not a text' },
  TAB_AS_INDENT: { da: 'der er brugt tabulator til indrykning', en: 'a tab is used for indentation' },
  TAG_RESOLVE_FAILED: { da: 'et tag kan ikke fortolkes', en: 'a tag cannot be resolved' },
  UNEXPECTED_TOKEN: { da: 'et tegn står et sted, hvor det ikke må stå', en: 'a character stands where it is not allowed' },
  BAD_COLLECTION_TYPE: { da: 'en samling har en forkert type', en: 'a collection has the wrong type' },
  RESOURCE_EXHAUSTION: { da: 'filen kræver for mange ressourcer at læse', en: 'the file takes too many resources to read' },
};

export const msg = {
  fileTooLarge: (limit: number, size?: number): LocalizedText => ({
    da: `Filen er for stor${size ? ` (${mb(size)})` : ''}: grænsen er ${mb(limit)}. Del filen op, eller bed en administrator hæve grænsen.`,
    en: `The file is too large${size ? ` (${mb(size)})` : ''}: the limit is ${mb(limit)}. Split the file or ask an administrator to raise the limit.`,
  }),
  emptyFile: (): LocalizedText => ({ da: 'Filen er tom.', en: 'The file is empty.' }),
  noHeader: (): LocalizedText => ({
    da: 'Filen har ingen overskriftsrække (første ikke-tomme linje skal være kolonnenavne).',
    en: 'The file has no header row (the first non-empty line must hold the column names).',
  }),
  unsupportedFormat: (what: string): LocalizedText => ({
    da: `Filformatet understøttes ikke (${what}). Brug CSV, Excel (.xlsx) eller en HTML-side med en tabel.`,
    en: `The file format is not supported (${what}). Use CSV, Excel (.xlsx) or an HTML page with a table.`,
  }),
  xlsNotSupported: (): LocalizedText => ({
    da: 'Det gamle Excel-format (.xls) understøttes ikke. Gem filen som .xlsx eller CSV.',
    en: 'The old Excel format (.xls) is not supported. Save the file as .xlsx or CSV.',
  }),
  /** Our own words for why an .xlsx cannot be read: never the zip or XML library's text. */
  unreadableXlsx: (reason: XlsxProblem): LocalizedText => ({
    da: `Excel-filen kan ikke læses: ${XLSX_PROBLEMS[reason].da}. Gem den igen i Excel som .xlsx, eller gem den som CSV.`,
    en: `The Excel file cannot be read: ${XLSX_PROBLEMS[reason].en}. Save it again from Excel as .xlsx, or save it as CSV.`,
  }),
  inflatedTooLarge: (limit: number, part: string): LocalizedText => ({
    da: `Excel-filen fylder udpakket mere end grænsen på ${mb(limit)} (stoppet ved delen ${q(part)}). Del arket op, eller gem det som CSV.`,
    en: `Unpacked, the Excel file takes more than the limit of ${mb(limit)} (stopped at the part ${q(part)}). Split the sheet or save it as CSV.`,
  }),
  tooManyEntries: (count: number, limit: number): LocalizedText => ({
    da: `Excel-filen består af ${count} dele; grænsen er ${limit}. Det er ikke en almindelig projektmappe.`,
    en: `The Excel file consists of ${count} parts; the limit is ${limit}. This is not an ordinary workbook.`,
  }),
  tooManyColumns: (count: number, limit: number): LocalizedText => ({
    da: `Rækken har ${count} kolonner; grænsen er ${limit}. Filen blev ikke læst videre.`,
    en: `The row has ${count} columns; the limit is ${limit}. The file was not read further.`,
  }),
  tooManyRows: (limit: number): LocalizedText => ({
    da: `Filen har flere end ${limit} rækker, som er grænsen; rækkerne herfra blev ikke læst. Del filen op.`,
    en: `The file has more than ${limit} rows, which is the limit; the rows from here on were not read. Split the file.`,
  }),
  nestingTooDeep: (limit: number, line: number, column: number): LocalizedText => ({
    da: `Siden indlejrer elementer mere end ${limit} niveauer dybt (linje ${line}, tegn ${column}); grænsen er ${limit}. Gem tabellen som CSV eller Excel i stedet.`,
    en: `The page nests elements more than ${limit} levels deep (line ${line}, character ${column}); the limit is ${limit}. Save the table as CSV or Excel instead.`,
  }),
  tooManyNodes: (limit: number, line: number): LocalizedText => ({
    da: `Siden har flere end ${limit} elementer og tekststykker (stoppet ved linje ${line}); grænsen er ${limit}. Gem tabellen som CSV eller Excel i stedet.`,
    en: `The page has more than ${limit} elements and pieces of text (stopped at line ${line}); the limit is ${limit}. Save the table as CSV or Excel instead.`,
  }),
  unreadableHtml: (): LocalizedText => ({
    da: 'HTML-siden kan ikke læses. Gem tabellen som CSV eller Excel i stedet.',
    en: 'The HTML page cannot be read. Save the table as CSV or Excel instead.',
  }),
  selectorTooLong: (limit: number): LocalizedText => ({
    da: `CSS-selektoren er længere end grænsen på ${limit} tegn.`,
    en: `The CSS selector is longer than the limit of ${limit} characters.`,
  }),
  invalidCharacter: (): LocalizedText => ({
    da: 'Cellen indeholder et NUL-tegn (byte 0), som ikke kan gemmes: filen er beskadiget eller ikke en tekstfil. Ret cellen, eller gem filen igen.',
    en: 'The cell contains a NUL character (byte 0), which cannot be stored: the file is damaged or not a text file. Fix the cell or save the file again.',
  }),
  sheetNotFound: (sheet: string, sheets: readonly string[]): LocalizedText => ({
    da: `Arket ${q(sheet)} findes ikke. Filen har: ${list(sheets)}.`,
    en: `The sheet ${q(sheet)} does not exist. The file has: ${list(sheets)}.`,
  }),
  noTable: (tables: number): LocalizedText => ({
    da: `Ingen af sidens ${tables} tabeller ligner en it-systemoversigt (ingen kendte kolonnenavne). Angiv tabellen med en CSS-selektor.`,
    en: `None of the page's ${tables} tables looks like an IT-system inventory (no known column names). Name the table with a CSS selector.`,
  }),
  tableNotFound: (selector: string): LocalizedText => ({
    da: `CSS-selektoren ${q(selector)} finder ingen tabel på siden.`,
    en: `The CSS selector ${q(selector)} matches no table on the page.`,
  }),
  invalidMappingTarget: (source: string, target: string, allowed: readonly string[]): LocalizedText => ({
    da: `Kolonnetilknytningen ${q(`${source}=${target}`)} er ugyldig: ${q(target)} er ikke et felt. Mulige felter: ${allowed.join(', ')}.`,
    en: `The column mapping ${q(`${source}=${target}`)} is invalid: ${q(target)} is not a field. Possible fields: ${allowed.join(', ')}.`,
  }),
  unknownProfile: (id: string, known: readonly string[]): LocalizedText => ({
    da: `Profilen ${q(id)} findes ikke. Mulige profiler: ${known.join(', ')}.`,
    en: `The profile ${q(id)} does not exist. Possible profiles: ${known.join(', ')}.`,
  }),
  invalidMappingSyntax: (text: string): LocalizedText => ({
    da: `Kolonnetilknytningen ${q(text)} skal have formen "Kolonne=felt".`,
    en: `The column mapping ${q(text)} must have the form "Column=field".`,
  }),
  mappingSourceMissing: (source: string): LocalizedText => ({
    da: `Kolonnetilknytningen nævner kolonnen ${q(source)}, som filen ikke har.`,
    en: `The column mapping names the column ${q(source)}, which the file does not have.`,
  }),
  missingColumn: (field: string, examples: readonly string[]): LocalizedText => ({
    da: `Den påkrævede kolonne for "${field}" mangler (fx ${list(examples)}). Omdøb kolonnen eller angiv en tilknytning ("Kolonne=${field}").`,
    en: `The required column for "${field}" is missing (e.g. ${list(examples)}). Rename the column or give a mapping ("Column=${field}").`,
  }),
  rowTooLong: (limit: number): LocalizedText => ({
    da: `En række er længere end ${limit} tegn; sandsynligvis er et anførselstegn aldrig lukket. Resten af filen blev ikke læst.`,
    en: `A row is longer than ${limit} characters; probably a quote was never closed. The rest of the file was not read.`,
  }),
  unknownColumn: (header: string): LocalizedText => ({
    da: `Kolonnen ${q(header)} kendes ikke; værdierne gemmes uændret under "Øvrige kolonner".`,
    en: `The column ${q(header)} is not recognised; its values are kept unchanged under "other columns".`,
  }),
  invalidKle: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke et KLE-nummer (fx 85.02.01); cellen gemmes uændret under "Øvrige kolonner".`,
    en: `${q(value)} is not a KLE number (e.g. 85.02.01); the cell is kept unchanged under "other columns".`,
  }),
  blankHeader: (index: number): LocalizedText => ({
    da: `Kolonne ${index} har intet navn; værdierne gemmes uændret under "Øvrige kolonner".`,
    en: `Column ${index} has no name; its values are kept unchanged under "other columns".`,
  }),
  duplicateColumn: (header: string, key: string): LocalizedText => ({
    da: `Kolonnen ${q(header)} optræder mere end én gang; den gentagne kolonne gemmes som ${q(key)} under "Øvrige kolonner".`,
    en: `The column ${q(header)} appears more than once; the repeated column is kept as ${q(key)} under "other columns".`,
  }),
  invalidEncoding: (): LocalizedText => ({
    da: 'Cellen indeholder tegn, der ikke kunne læses (filen blander tegnsæt). Gem filen igen som "CSV UTF-8".',
    en: 'The cell contains characters that could not be read (the file mixes encodings). Save the file again as "CSV UTF-8".',
  }),
  malformedQuotes: (): LocalizedText => ({
    da: 'Anførselstegnene i rækken er ikke sat korrekt; cellernes værdier kan være forkerte.',
    en: 'The quotes in the row are malformed; the cell values may be wrong.',
  }),
  unterminatedQuote: (): LocalizedText => ({
    da: 'Et anførselstegn åbnet i denne række lukkes aldrig; resten af filen blev læst som én celle.',
    en: 'A quote opened in this row is never closed; the rest of the file was read as one cell.',
  }),
  cellTooLong: (length: number, limit: number): LocalizedText => ({
    da: `Cellen har ${length} tegn; grænsen er ${limit}.`,
    en: `The cell has ${length} characters; the limit is ${limit}.`,
  }),
  tooManyCells: (got: number, expected: number): LocalizedText => ({
    da: `Rækken har ${got} celler, men overskriften har ${expected}; måske mangler anførselstegn om en værdi med skilletegn.`,
    en: `The row has ${got} cells but the header has ${expected}; perhaps a value containing the delimiter is not quoted.`,
  }),
  tooFewCells: (got: number, expected: number): LocalizedText => ({
    da: `Rækken har ${got} af overskriftens ${expected} celler; de manglende læses som tomme.`,
    en: `The row has ${got} of the header's ${expected} cells; the missing ones are read as empty.`,
  }),
  missingValue: (field: string): LocalizedText => ({
    da: `Værdien mangler; "${field}" er påkrævet.`,
    en: `The value is missing; "${field}" is required.`,
  }),
  invalidDate: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke en gyldig dato (brug dd-mm-åååå, d.m.åååå eller åååå-mm-dd).`,
    en: `${q(value)} is not a valid date (use dd-mm-yyyy, d.m.yyyy or yyyy-mm-dd).`,
  }),
  impossibleDate: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke en dato, der findes.`,
    en: `${q(value)} is not a date that exists.`,
  }),
  implausibleDate: (value: string): LocalizedText => ({
    da: `${q(value)} ligger før år 1900 og læses som en pladsholder for "ingen dato"; feltet efterlades tomt.`,
    en: `${q(value)} lies before the year 1900 and is read as a placeholder for "no date"; the field is left empty.`,
  }),
  dateOutOfRange: (value: string): LocalizedText => ({
    da: `${q(value)} ligger uden for årene 1900–2199.`,
    en: `${q(value)} lies outside the years 1900–2199.`,
  }),
  invalidNumber: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke et tal (fx 1.234.567,50 eller 1234567.50).`,
    en: `${q(value)} is not a number (e.g. 1.234.567,50 or 1234567.50).`,
  }),
  negativeNumber: (value: string): LocalizedText => ({
    da: `${q(value)} er negativt; beløbet skal være 0 eller mere.`,
    en: `${q(value)} is negative; the amount must be 0 or more.`,
  }),
  invalidBoolean: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke Ja, Nej eller Ved ikke.`,
    en: `${q(value)} is not Yes, No or Don't know.`,
  }),
  invalidEnum: (value: string, allowed: readonly string[]): LocalizedText => ({
    da: `${q(value)} er ikke en kendt værdi. Mulige værdier: ${list(allowed)}.`,
    en: `${q(value)} is not a known value. Possible values: ${list(allowed)}.`,
  }),
  invalidCvr: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke et CVR-nummer (8 cifre); navnet bruges uden CVR.`,
    en: `${q(value)} is not a CVR number (8 digits); the name is used without a CVR.`,
  }),
  invalidCvrStrict: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke et CVR-nummer (8 cifre).`,
    en: `${q(value)} is not a CVR number (8 digits).`,
  }),
  invalidUuid: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke et gyldigt UUID.`,
    en: `${q(value)} is not a valid UUID.`,
  }),
  invalidLicense: (value: string, detail: string): LocalizedText => ({
    da: `${q(value)} er hverken et gyldigt SPDX-licensudtryk (${detail}) eller en licensmodel (Open source, Freeware, Proprietær).`,
    en: `${q(value)} is neither a valid SPDX licence expression (${detail}) nor a licence model (Open source, Freeware, Proprietary).`,
  }),
  invalidSpdx: (value: string, detail: string): LocalizedText => ({
    da: `${q(value)} er ikke et gyldigt SPDX-licensudtryk (${detail}).`,
    en: `${q(value)} is not a valid SPDX licence expression (${detail}).`,
  }),
  deprecatedSpdx: (ids: readonly string[]): LocalizedText => ({
    da: `SPDX-id ${list(ids)} er forældet; brug fx "GPL-3.0-only" eller "GPL-3.0-or-later".`,
    en: `SPDX id ${list(ids)} is deprecated; use e.g. "GPL-3.0-only" or "GPL-3.0-or-later".`,
  }),
  invalidDuration: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke en varighed (fx "2 år og 6 måneder" eller "Løbende"); værdien gemmes uændret.`,
    en: `${q(value)} is not a duration (e.g. "2 år og 6 måneder" or "Løbende"); the value is kept unchanged.`,
  }),
  invalidNoticePeriod: (value: string): LocalizedText => ({
    da: `${q(value)} er ikke et opsigelsesvarsel i hele måneder mellem 0 og 120.`,
    en: `${q(value)} is not a notice period in whole months between 0 and 120.`,
  }),
  unmappedCriticality: (value: string): LocalizedText => ({
    da: `Kritikaliteten ${q(value)} kan ikke oversættes til Lav/Middel/Høj/Kritisk; feltet efterlades ukendt, og værdien gemmes under "Øvrige kolonner".`,
    en: `The criticality ${q(value)} cannot be translated to Low/Medium/High/Critical; the field is left unknown and the value is kept under "other columns".`,
  }),
  multipleLicenseModels: (value: string, chosen: string): LocalizedText => ({
    da: `Flere licensmodeller (${q(value)}); den mest bindende, "${chosen}", bruges.`,
    en: `Several licence models (${q(value)}); the most binding one, "${chosen}", is used.`,
  }),
  placeholderCvr: (value: string, name: string): LocalizedText => ({
    da: `${q(value)} er ikke et gyldigt CVR-nummer (første ciffer 0 eller forkert kontrolciffer, modulus 11); ${q(name)} matches på navnet, og nummeret gemmes som skrevet.`,
    en: `${q(value)} is not a valid CVR number (first digit 0 or a failed modulus-11 check); ${q(name)} is matched by name and the number is kept as written.`,
  }),
  dataLocationFromHint: (party: string, hint: string, location: string): LocalizedText => ({
    da: `Filen angiver ingen dataplacering; "${hint}" i ${q(party)} læses som dataplacering ${q(location)} (udledt).`,
    en: `The file gives no data location; "${hint}" in ${q(party)} is read as data location ${q(location)} (inferred).`,
  }),
  cvrWithoutName: (value: string): LocalizedText => ({
    da: `CVR-nummeret ${q(value)} står uden et navn; det gemmes under "Øvrige kolonner".`,
    en: `The CVR number ${q(value)} has no name next to it; it is kept under "other columns".`,
  }),
  duplicateUsage: (key: string, firstLine: number): LocalizedText => ({
    da: `Systemet optræder allerede i linje ${firstLine} (nøgle ${q(key)}). Angiv et lokalt kaldenavn eller lokalt system-ID for at skelne dem.`,
    en: `The system already appears on line ${firstLine} (key ${q(key)}). Give a local name or local system ID to tell them apart.`,
  }),
  unresolvedDependency: (name: string): LocalizedText => ({
    da: `Det anvendte system ${q(name)} findes ikke i filen; afhængigheden registreres ikke (systemet kan ligge uden for udtrækket).`,
    en: `The system used, ${q(name)}, is not in the file; the dependency is not recorded (the system may lie outside the export).`,
  }),
  ambiguousDependency: (name: string): LocalizedText => ({
    da: `Navnet ${q(name)} passer på flere systemer i filen; afhængigheder af det peger på det første af dem. Brug lokale kaldenavne for at skelne.`,
    en: `The name ${q(name)} matches several systems in the file; dependencies on it point to the first of them. Use local names to tell them apart.`,
  }),
  selfDependency: (name: string): LocalizedText => ({
    da: `Systemet ${q(name)} angiver at anvende sig selv; det ignoreres.`,
    en: `The system ${q(name)} is listed as using itself; this is ignored.`,
  }),
  municipalityMismatch: (value: string, expected: string): LocalizedText => ({
    da: `Rækken hører til ${q(value)}, men importen gælder ${q(expected)}.`,
    en: `The row belongs to ${q(value)}, but the import is for ${q(expected)}.`,
  }),
  multipleMunicipalities: (value: string, first: string): LocalizedText => ({
    da: `Filen blander kommuner: ${q(value)} her, ${q(first)} tidligere. Importér én kommune ad gangen.`,
    en: `The file mixes municipalities: ${q(value)} here, ${q(first)} earlier. Import one municipality at a time.`,
  }),
  /** Our own words for the yaml package's error codes: never its message text. */
  invalidYaml: (code: string): LocalizedText => {
    const known = YAML_PROBLEMS[code];
    return {
      da: `Filen er ikke gyldig YAML: ${known ? known.da : `fejl af typen ${code}`}.`,
      en: `The file is not valid YAML: ${known ? known.en : `an error of type ${code}`}.`,
    };
  },
  tooManyAliases: (limit: number): LocalizedText => ({
    da: `Filen bruger flere end ${limit} YAML-aliasser (*navn); grænsen er ${limit}. publiccode.yml har ikke brug for aliasser.`,
    en: `The file uses more than ${limit} YAML aliases (*name); the limit is ${limit}. publiccode.yml needs no aliases.`,
  }),
  yamlTooDeep: (limit: number): LocalizedText => ({
    da: `Filens nøgler og lister er indlejret mere end ${limit} niveauer dybt; grænsen er ${limit}.`,
    en: `The file's keys and lists are nested more than ${limit} levels deep; the limit is ${limit}.`,
  }),
  tooManyIssues: (limit: number, more: number): LocalizedText => ({
    da: `Filen har ${more} problemer mere end de ${limit}, der er vist.`,
    en: `The file has ${more} more problems than the ${limit} shown.`,
  }),
  missingKey: (path: string): LocalizedText => ({
    da: `Nøglen "${path}" mangler.`,
    en: `The key "${path}" is missing.`,
  }),
  invalidValue: (path: string, value: string, allowed?: readonly string[]): LocalizedText => ({
    da: `"${path}" har den ugyldige værdi ${q(value)}${allowed ? `; mulige værdier: ${few(allowed, 'i publiccode.yml-standarden')}` : ''}.`,
    en: `"${path}" has the invalid value ${q(value)}${allowed ? `; possible values: ${few(allowed, 'in the publiccode.yml standard')}` : ''}.`,
  }),
  invalidType: (path: string, expected: { da: string; en: string }): LocalizedText => ({
    da: `"${path}" skal være ${expected.da}.`,
    en: `"${path}" must be ${expected.en}.`,
  }),
  unknownKey: (path: string): LocalizedText => ({
    da: `Nøglen "${path}" kendes ikke i publiccode.yml og ignoreres.`,
    en: `The key "${path}" is not part of publiccode.yml and is ignored.`,
  }),
  deprecatedKey: (path: string, instead?: string): LocalizedText => ({
    da: `Nøglen "${path}" er forældet i publiccode.yml${instead ? `; brug "${instead}"` : ''}.`,
    en: `The key "${path}" is deprecated in publiccode.yml${instead ? `; use "${instead}"` : ''}.`,
  }),
  /** A value of the right type but the wrong form: `expected` says what form, in both languages. */
  invalidFormat: (path: string, value: string, expected: LocalizedText): LocalizedText => ({
    da: `"${path}" har den ugyldige værdi ${q(value)}; den skal være ${expected.da}.`,
    en: `"${path}" has the invalid value ${q(value)}; it must be ${expected.en}.`,
  }),
  textTooShort: (path: string, min: number, length: number): LocalizedText => ({
    da: `"${path}" har ${length} tegn; standarden kræver mindst ${min}.`,
    en: `"${path}" has ${length} characters; the standard requires at least ${min}.`,
  }),
  emptyList: (path: string): LocalizedText => ({
    da: `"${path}" skal indeholde mindst ét element.`,
    en: `"${path}" must contain at least one item.`,
  }),
  unknownKeyRefused: (path: string): LocalizedText => ({
    da: `Nøglen "${path}" findes ikke i publiccode.yml (stavefejl?); standarden tillader kun sine egne nøgler og landesektioner med to store bogstaver (fx DK).`,
    en: `The key "${path}" is not part of publiccode.yml (a typo?); the standard allows only its own keys and country sections of two capital letters (e.g. DK).`,
  }),
  unknownNestedKey: (path: string): LocalizedText => ({
    da: `Nøglen "${path}" findes ikke i publiccode.yml (stavefejl?).`,
    en: `The key "${path}" is not part of publiccode.yml (a typo?).`,
  }),
  contractorsOnlyForContract: (type: string): LocalizedText => ({
    da: `"maintenance.contractors" må kun stå, når "maintenance.type" er "contract" (her ${q(type)}).`,
    en: `"maintenance.contractors" may only be present when "maintenance.type" is "contract" (here ${q(type)}).`,
  }),
  lowercaseCountry: (path: string, value: string): LocalizedText => ({
    da: `"${path}": landekoden ${q(value)} er skrevet med små bogstaver, hvilket er forældet; skriv ${q(value.toUpperCase())}.`,
    en: `"${path}": the country code ${q(value)} is in lower case, which is deprecated; write ${q(value.toUpperCase())}.`,
  }),
  notUtf8: (): LocalizedText => ({
    da: 'Filen er ikke gemt som UTF-8, som publiccode.yml kræver. Gem den igen som UTF-8.',
    en: 'The file is not saved as UTF-8, which publiccode.yml requires. Save it again as UTF-8.',
  }),
  textTooLong: (path: string, max: number): LocalizedText => ({
    da: `"${path}" er længere end ${max} tegn.`,
    en: `"${path}" is longer than ${max} characters.`,
  }),
  versionAsNumber: (path: string): LocalizedText => ({
    da: `"${path}" er skrevet som et tal; skriv den i anførselstegn.`,
    en: `"${path}" is written as a number; quote it.`,
  }),
  // --- KITOS API v2 (importers/kitos-api) ------------------------------------------------------
  kitosMissingField: (kind: LocalizedText, uuid: string, path: string): LocalizedText => ({
    da: `KITOS svarede uden feltet "${path}" på ${kind.da} ${uuid}: svaret følger ikke KITOS API v2, så synkroniseringen gemmer intet.`,
    en: `KITOS answered without the field "${path}" on ${kind.en} ${uuid}: the response breaks the KITOS API v2 contract, so the sync saves nothing.`,
  }),
  kitosUnknownEnum: (kind: LocalizedText, uuid: string, path: string, value: string, allowed: readonly string[]): LocalizedText => ({
    da: `KITOS svarede med den ukendte værdi ${q(value)} i "${path}" på ${kind.da} ${uuid} (kendte: ${allowed.join(', ')}); synkroniseringen gemmer intet.`,
    en: `KITOS answered with the unknown value ${q(value)} in "${path}" on ${kind.en} ${uuid} (known: ${allowed.join(', ')}); the sync saves nothing.`,
  }),
  kitosWrongType: (kind: LocalizedText, uuid: string, path: string, expected: string): LocalizedText => ({
    da: `KITOS svarede med en værdi af forkert type i "${path}" på ${kind.da} ${uuid} (ventede ${expected}); synkroniseringen gemmer intet.`,
    en: `KITOS answered with a value of the wrong type in "${path}" on ${kind.en} ${uuid} (expected ${expected}); the sync saves nothing.`,
  }),
  kitosDuplicate: (kind: LocalizedText, uuid: string): LocalizedText => ({
    da: `KITOS returnerede ${kind.da} ${uuid} to gange; svaret er ufuldstændigt eller forskudt (sider, der ændrede sig under læsningen), så synkroniseringen gemmer intet.`,
    en: `KITOS returned ${kind.en} ${uuid} twice; the response is incomplete or shifted (pages that changed while being read), so the sync saves nothing.`,
  }),
  kitosMissingSystem: (usage: string, system: string): LocalizedText => ({
    da: `IT-systemanvendelsen ${usage} bruger katalogsystemet ${system}, som KITOS ikke returnerede (læses kataloget med includeDeactivated=true?); rettighedshaver og KLE ville mangle, så synkroniseringen gemmer intet.`,
    en: `The IT system usage ${usage} uses the catalogue system ${system}, which KITOS did not return (is the catalogue read with includeDeactivated=true?); its rights holder and KLE would be missing, so the sync saves nothing.`,
  }),
  kitosUnresolved: (kind: LocalizedText, uuid: string, path: string, target: LocalizedText, targetUuid: string): LocalizedText => ({
    da: `${cap(kind.da)} ${uuid} henviser i "${path}" til ${target.da} ${targetUuid}, som KITOS ikke returnerede for kommunen; henvisningen springes over.`,
    en: `${cap(kind.en)} ${uuid} refers in "${path}" to ${target.en} ${targetUuid}, which KITOS did not return for the municipality; the reference is skipped.`,
  }),
  kitosInvalidKle: (uuid: string, path: string, value: string): LocalizedText => ({
    da: `${q(value)} i "${path}" på ${uuid} er ikke et KLE-nummer (fx 85.02.01); det springes over.`,
    en: `${q(value)} in "${path}" on ${uuid} is not a KLE number (e.g. 85.02.01); it is skipped.`,
  }),
  kitosSystemTwice: (system: string, first: string, second: string): LocalizedText => ({
    da: `IT-systemanvendelserne ${first} og ${second} bruger begge katalogsystemet ${system}; KITOS tillader én anvendelse pr. system, så svaret er forkert, og synkroniseringen gemmer intet.`,
    en: `The IT system usages ${first} and ${second} both use the catalogue system ${system}; KITOS allows one usage per system, so the response is wrong and the sync saves nothing.`,
  }),
  kitosSelfRelation: (uuid: string): LocalizedText => ({
    da: `IT-systemanvendelsen ${uuid} har en relation til sig selv; den registreres ikke.`,
    en: `The IT system usage ${uuid} has a relation to itself; it is not recorded.`,
  }),
};

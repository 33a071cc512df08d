// The import report's warnings where a file and the shared catalogue disagree about a system.
// The file is the authority on its own inventory: its values are kept, and the report says so.
import type { IssueDraft } from '../../../importers/types.ts';

const q = (s: string) => `"${s.length > 80 ? `${s.slice(0, 80)}…` : s}"`;

/** A catalogue product with the row's name was not used: its rights holder is another vendor. */
export function catalogueMismatch(line: number | undefined, system: string, catalogueName: string, fileHolder: string, catalogueHolder: string): IssueDraft {
  return {
    severity: 'warning',
    code: 'catalogue-rights-holder-differs',
    line,
    column: 'rights_holder',
    value: system,
    message: {
      da: `${q(system)} er ikke koblet til katalogets ${q(catalogueName)}: filens rettighedshaver ${q(fileHolder)} er en anden leverandør end katalogets ${q(catalogueHolder)}. Systemet er oprettet som kommunens eget (ikke i det fælles katalog), indtil en moderator optager eller sammenlægger det.`,
      en: `${q(system)} is not matched to the catalogue's ${q(catalogueName)}: the file's rights holder ${q(fileHolder)} is another vendor than the catalogue's ${q(catalogueHolder)}. The system is kept as the municipality's own (not in the shared catalogue) until a moderator adopts or merges it.`,
    },
  };
}

const FIELD = {
  rights_holder: { da: 'rettighedshaver', en: 'rights holder' },
  category: { da: 'kategori', en: 'category' },
  license_model: { da: 'licensmodel', en: 'licence model' },
} as const;

/** The row was matched to a catalogue product that gives another value; the file's value is kept. */
export function catalogueValueDiffers(line: number | undefined, field: keyof typeof FIELD, system: string, catalogueName: string, fileValue: string, catalogueValue: string): IssueDraft {
  return {
    severity: 'warning',
    code: 'catalogue-value-differs',
    line,
    column: field,
    value: fileValue,
    message: {
      da: `${q(system)} er koblet til katalogets ${q(catalogueName)}, men filens ${FIELD[field].da} ${q(fileValue)} afviger fra katalogets ${q(catalogueValue)}; filens værdi er gemt på systemet.`,
      en: `${q(system)} is matched to the catalogue's ${q(catalogueName)}, but the file's ${FIELD[field].en} ${q(fileValue)} differs from the catalogue's ${q(catalogueValue)}; the file's value is stored on the system.`,
    },
  };
}

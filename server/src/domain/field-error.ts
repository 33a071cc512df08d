// The shape of a problem at one place of an input (a request field, or a file's line and
// column), with its message in Danish and English. Pure types: importers, services and the
// HTTP layer all report problems in this one shape.

export interface LocalizedText {
  da: string;
  en: string;
}

export interface FieldError {
  /** A stable machine-readable code (import issues: `invalid-date`, `missing-value` …). */
  code?: string;
  file?: string;
  line?: number;
  column?: string;
  field?: string;
  value?: string;
  message: LocalizedText;
}

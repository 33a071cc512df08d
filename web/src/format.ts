// Danish formatting and collation (Aabenraa, Aalborg and Aarhus sort after Å-less names: "aa" is å).
export const collator = new Intl.Collator('da-DK');
export const formatInteger = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 }).format;

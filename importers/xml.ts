// A small streaming XML tokenizer for the parts of an .xlsx: text in chunks, tags and text out as
// events. Linear: every character is looked at a bounded number of times, and at most one
// unfinished tag (MAX_XML_TAG_CHARS) waits for the next chunk. No DTDs and no entities beyond XML's
// five and character references, so nothing expands. Element names lose their namespace prefix.
import { MAX_XML_TAG_CHARS, type Meter } from './limits.ts';

export interface XmlEvents {
  open(name: string, attrs: Record<string, string>): void;
  /** Also called right after `open` for a self-closing tag. */
  close(name: string): void;
  /** Entity-decoded text between tags; one text may arrive in several calls. */
  text(text: string): void;
}

/** XML that cannot be read (a DTD, an endless tag, an unfinished document). */
export class XmlError extends Error {
  constructor(reason: string) {
    super(`invalid XML: ${reason}`);
    this.name = 'XmlError';
  }
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML's five entities and character references (U+0000 stays U+0000: the reader reports it). */
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
  });
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const localName = (qname: string) => {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
};

export class XmlTokenizer {
  private carry = '';
  constructor(
    private readonly events: XmlEvents,
    private readonly meter?: Meter,
  ) {}

  write(chunk: string): void {
    const s = this.carry ? this.carry + chunk : chunk;
    this.carry = '';
    this.meter?.add(s.length);
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) {
        // Text to the end of the chunk: hand it over now, except an entity that may go on in the next chunk.
        const amp = s.lastIndexOf('&');
        const cut = amp >= pos && s.indexOf(';', amp) === -1 && n - amp <= 12 ? amp : n;
        if (cut > pos) this.events.text(decodeXml(s.slice(pos, cut)));
        this.carry = s.slice(cut);
        return;
      }
      if (lt > pos) this.events.text(decodeXml(s.slice(pos, lt)));
      const end = this.tagEnd(s, lt);
      if (end === -1) {
        if (n - lt > MAX_XML_TAG_CHARS) throw new XmlError('a tag is too long');
        this.carry = s.slice(lt);
        return;
      }
      this.tag(s, lt, end);
      pos = end + 1;
    }
  }

  end(): void {
    if (this.carry.trim() !== '') {
      if (this.carry.includes('<')) throw new XmlError('the document ends inside a tag');
      this.events.text(decodeXml(this.carry));
    }
    this.carry = '';
  }

  /** Index of the `>` that ends the markup starting at `lt`, or -1 when it is not in `s` yet. */
  private tagEnd(s: string, lt: number): number {
    const c1 = s.charCodeAt(lt + 1);
    if (c1 === 33 /* ! */) {
      if (s.startsWith('<!--', lt)) {
        const e = s.indexOf('-->', lt + 4);
        return e === -1 ? -1 : e + 2;
      }
      if (s.startsWith('<![CDATA[', lt)) {
        const e = s.indexOf(']]>', lt + 9);
        return e === -1 ? -1 : e + 2;
      }
      if (s.length - lt < 9) return -1;
      throw new XmlError('a DTD or declaration'); // Excel writes none; no entity can expand
    }
    if (c1 === 63 /* ? */) {
      const e = s.indexOf('?>', lt + 2);
      return e === -1 ? -1 : e + 1;
    }
    if (Number.isNaN(c1)) return -1;
    // An element tag: `>` may stand inside a quoted attribute value.
    let quote = 0;
    for (let i = lt + 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) return i;
    }
    return -1;
  }

  private tag(s: string, lt: number, end: number): void {
    const c1 = s.charCodeAt(lt + 1);
    if (c1 === 33) {
      if (s.startsWith('<![CDATA[', lt)) this.events.text(s.slice(lt + 9, end - 2));
      return; // a comment
    }
    if (c1 === 63) return; // <?xml …?>
    if (c1 === 47 /* / */) {
      this.events.close(localName(s.slice(lt + 2, end).trim()));
      return;
    }
    const selfClosing = s.charCodeAt(end - 1) === 47;
    const inner = s.slice(lt + 1, selfClosing ? end - 1 : end);
    let nameEnd = 0;
    while (nameEnd < inner.length && !/[\s/]/.test(inner[nameEnd]!)) nameEnd++;
    const name = localName(inner.slice(0, nameEnd));
    if (!name) throw new XmlError('a tag without a name');
    const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
    if (nameEnd < inner.length) {
      ATTR.lastIndex = nameEnd;
      for (let m = ATTR.exec(inner); m; m = ATTR.exec(inner)) attrs[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
    }
    this.events.open(name, attrs);
    if (selfClosing) this.events.close(name);
  }
}

/** An attribute by its local name, whatever its prefix (`r:id`, `ns1:id`). */
export function attrLocal(attrs: Record<string, string>, local: string): string | undefined {
  if (attrs[local] !== undefined) return attrs[local];
  for (const k in attrs) if (k.endsWith(`:${local}`)) return attrs[k];
  return undefined;
}

/** Decodes the `_xHHHH_` escapes of OOXML strings (ECMA-376 §22.9.2.19); `_x005F_` escapes the underscore. */
export function unescapeOoxml(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

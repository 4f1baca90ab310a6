import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One element of a read document, its name resolved against the xmlns declarations in scope. */
export interface XmlElement {
  /** Namespace URI; '' for an element in no namespace. */
  ns: string;
  local: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The character data directly inside (text and CDATA joined, entities decoded). */
  text: string;
}

export type XmlReadResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

type Node = Record<string, unknown>;

// Well-formedness comes from XMLValidator; entities are decoded here (processEntities off) so that
// CDATA stays verbatim, only XML's five entities and character references are accepted, and
// nothing a DTD declares is ever expanded.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  cdataPropName: '#cdata',
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]{0,63}(:[A-Za-z_][\w.-]{0,63})?$/;

/** An element or prefix name fit for a message (names of the document's structure, never its data). */
export const safeName = (name: string): string => (NAME.test(name) ? name : '(unreadable name)');

class XmlProblem extends Error {}

/** Decodes the predefined entities and character references; any other `&` is an error. */
const decode = (raw: string): string =>
  raw.replace(/&([A-Za-z]{1,10}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6})?(;)?/g, (_m, ref: string | undefined, semi: string | undefined) => {
    if (ref !== undefined && semi && Object.hasOwn(PREDEFINED, ref)) return PREDEFINED[ref]!;
    const code = ref === undefined || !semi || !ref.startsWith('#') ? NaN : ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    if (!Number.isInteger(code) || code === 0 || code > 0x10ffff) throw new XmlProblem('the document has an ampersand that is not one of XML\'s entities or a character reference');
    return String.fromCodePoint(code);
  });

const textOf = (nodes: Node[]): string =>
  nodes.map((n) => (typeof n['#text'] === 'string' ? decode(n['#text']) : Array.isArray(n['#cdata']) ? (n['#cdata'] as Node[]).map((c) => String(c['#text'] ?? '')).join('') : '')).join('');

const resolve = (qname: string, scope: ReadonlyMap<string, string>): { ns: string; local: string } => {
  const i = qname.indexOf(':');
  const prefix = i < 0 ? '' : qname.slice(0, i);
  const local = i < 0 ? qname : qname.slice(i + 1);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlProblem(`the prefix of element ${safeName(qname)} is not declared`);
  return { ns: ns ?? '', local };
};

const toElement = (node: Node, parentScope: ReadonlyMap<string, string>): XmlElement => {
  const qname = Object.keys(node).find((k) => k !== ':@')!;
  const raw = (node[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(parentScope);
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = decode(v);
    if (k === 'xmlns') scope.set('', value);
    else if (k.startsWith('xmlns:')) scope.set(k.slice(6), value);
    else attributes[k] = value;
  }
  const content = (node[qname] ?? []) as Node[];
  const children = content.filter((n) => !('#text' in n) && !('#cdata' in n)).map((n) => toElement(n, scope));
  return { ...resolve(qname, scope), attributes, children, text: textOf(content) };
};

/**
 * Reads an XML document into namespace-resolved elements. A document type declaration is
 * refused (SOAP forbids it, and it is how entity-expansion attacks arrive). Reasons name the
 * line or an element, never the document's text.
 */
export const readXml = (xml: string): XmlReadResult => {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return { ok: false, reason: 'the document has a document type declaration, which SOAP does not allow' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: `the document is not well-formed XML (line ${valid.err.line})` };
  try {
    const roots = (parser.parse(xml) as Node[]).filter((n) => !('#text' in n));
    if (roots.length !== 1) return { ok: false, reason: 'the document must have exactly one root element' };
    return { ok: true, root: toElement(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])) };
  } catch (e) {
    if (e instanceof XmlProblem) return { ok: false, reason: e.message };
    return { ok: false, reason: 'the document could not be read as XML' };
  }
};

/** Escapes text for element content or a double-quoted attribute. */
export const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);

/** Wraps text in CDATA, splitting any `]]>` inside so the section cannot be closed early. */
export const cdata = (s: string): string => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** The child elements with this namespace and local name. */
export const childrenNamed = (el: XmlElement, ns: string, local: string): XmlElement[] => el.children.filter((c) => c.ns === ns && c.local === local);

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { mnsErrors } from './errors';

export const MNS_NAMESPACE = 'http://mns.aliyuncs.com/doc/v1/';

/** Escapes element text (never used in attributes, so quotes stay as they are). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type XmlValue = string | number | boolean | undefined | XmlFields | XmlFields[];
export interface XmlFields {
  [element: string]: XmlValue;
}

function renderFields(fields: XmlFields): string {
  return Object.entries(fields)
    .map(([name, value]) => {
      if (value === undefined) return '';
      if (Array.isArray(value)) return value.map((item) => `<${name}>${renderFields(item)}</${name}>`).join('');
      if (typeof value === 'object') return `<${name}>${renderFields(value)}</${name}>`;
      return `<${name}>${escapeXml(String(value))}</${name}>`;
    })
    .join('');
}

/** A response document: `<Root xmlns="…">fields in order</Root>`. */
export function renderXml(root: string, fields: XmlFields): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${MNS_NAMESPACE}">${renderFields(fields)}</${root}>`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Every element becomes a list, so repeated children (batch requests) and single ones read the same way.
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
});

/** One parsed element: its text and its child elements by name. */
export interface XmlNode {
  text: string;
  attributes: Record<string, string>;
  children: Map<string, XmlNode[]>;
}

function toNode(value: unknown): XmlNode {
  if (typeof value !== 'object' || value === null)
    return { text: typeof value === 'string' ? value : '', attributes: {}, children: new Map() };
  const node: XmlNode = { text: '', attributes: {}, children: new Map() };
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    if (name === '#text') node.text = String(child);
    else if (name.startsWith('@')) node.attributes[name.slice(1)] = String(child);
    else node.children.set(name, (Array.isArray(child) ? child : [child]).map(toNode));
  }
  return node;
}

/** Text of the first `name` child, or undefined when absent. */
export function childText(node: XmlNode, name: string): string | undefined {
  return node.children.get(name)?.[0]?.text;
}

/**
 * The request document's root element, after checking that it is `root` in
 * the MNS namespace (a missing or wrong namespace is rejected like the service does).
 * An empty body reads as an empty root.
 */
export function parseRequestXml(body: Buffer, root: string): XmlNode {
  const text = body.toString('utf8').trim();
  if (text === '') return { text: '', attributes: {}, children: new Map() };
  if (XMLValidator.validate(text) !== true) throw mnsErrors.malformedXml();
  const doc = toNode(parser.parse(text));
  const element = doc.children.get(root)?.[0];
  if (!element) throw mnsErrors.invalidSchema(root);
  if (element.attributes['xmlns'] !== MNS_NAMESPACE) throw mnsErrors.invalidSchema('xmlns');
  return element;
}

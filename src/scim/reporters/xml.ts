/**
 * A small, deterministic XML writer for the JUnit report: elements with attributes in the order
 * given, two-space indentation, and escaping that keeps any input well-formed XML 1.0.
 */
export interface XmlElement {
  name: string;
  attributes?: ReadonlyArray<readonly [string, string | number]>;
  children?: readonly XmlElement[];
  text?: string;
}

export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, "")}`;
}

function renderElement(element: XmlElement, indent: string): string {
  const attributes = (element.attributes ?? []).map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`).join("");
  const open = `${indent}<${element.name}${attributes}`;
  const children = element.children ?? [];
  if (children.length > 0) {
    const inner = children.map((child) => renderElement(child, `${indent}  `)).join("");
    return `${open}>\n${inner}${indent}</${element.name}>\n`;
  }
  if (element.text !== undefined && element.text !== "") {
    return `${open}>${escapeXmlText(element.text)}</${element.name}>\n`;
  }
  return `${open}/>\n`;
}

/**
 * Characters XML 1.0 does not allow at all (C0 controls other than tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF): no escape can carry them, so they become U+FFFD.
 */
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeXmlText(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, "\uFFFD").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values also keep their quotes, tabs and line breaks (a parser would normalise them to spaces). */
function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

/**
 * A strict little XML reader for tests (no XML dependency in the project): elements, attributes,
 * text, the five predefined entities and character references. Throws on anything not
 * well-formed (unbalanced tags, unquoted or duplicate attributes, raw `<` or `&`, two roots).
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s))
    throw new Error(`bad character data: ${s.slice(0, 40)}`);
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : ENT[e]!,
  );
}

export function parseXml(xml: string): XmlElement {
  let s = xml.replace(/^<\?xml[^?]*\?>/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const TAG = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"]*")*)\s*(\/?)>/;
  while (s.length) {
    const lt = s.indexOf('<');
    const text = lt < 0 ? s : s.slice(0, lt);
    if (text) {
      const top = stack[stack.length - 1];
      if (!top) {
        if (text.trim()) throw new Error('text outside the root element');
      } else top.text += decode(text);
    }
    if (lt < 0) break;
    s = s.slice(lt);
    const m = TAG.exec(s);
    if (!m) throw new Error(`malformed tag: ${s.slice(0, 40)}`);
    s = s.slice(m[0].length);
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (rawAttrs ?? '').matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*"([^"]*)"/g)) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const el: XmlElement = { name: name!, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error('two root elements');
    else root = el;
    if (!selfClose) stack.push(el);
  }
  if (stack.length || !root) throw new Error('unclosed element or empty document');
  return root;
}

export const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

/**
 * WeCom callback XML is flat: `<xml><Name><![CDATA[value]]></Name><N>123</N>…</xml>`.
 * A tiny parser/builder covers it; nested elements are not part of this protocol.
 */

const ENTITIES: Record<string, string> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&apos;': "'",
};

function unescapeText(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (m) => ENTITIES[m] ?? m);
}

/** Text and CDATA sections may alternate inside one element; join them. */
function decodeValue(raw: string): string {
  let out = '';
  let at = 0;
  for (const m of raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    out += unescapeText(raw.slice(at, m.index)) + m[1];
    at = m.index + m[0].length;
  }
  return out + unescapeText(raw.slice(at));
}

/** Parses the children of the root element into a name → text map. Throws on malformed XML. */
export function parseFlatXml(xml: string): Record<string, string> {
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(xml);
  if (!root) throw new Error('not a WeCom XML document');
  const out: Record<string, string> = {};
  const child = /\s*<([A-Za-z_][\w.-]*)>((?:<!\[CDATA\[[\s\S]*?\]\]>|[^<])*)<\/\1>\s*/y;
  const body = root[1]!;
  child.lastIndex = 0;
  while (child.lastIndex < body.length) {
    const at = child.lastIndex;
    const m = child.exec(body);
    if (!m) throw new Error(`malformed XML near offset ${at}`);
    out[m[1]!] = decodeValue(m[2]!);
  }
  return out;
}

/** Builds flat XML: numbers as plain text (as WeCom sends CreateTime), strings in CDATA. */
export function buildFlatXml(fields: Record<string, string | number | undefined>): string {
  let out = '<xml>';
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'number') {
      out += `<${name}>${value}</${name}>`;
    } else {
      // "]]>" cannot appear inside one CDATA section; split it across two.
      out += `<${name}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`;
    }
  }
  return `${out}</xml>`;
}

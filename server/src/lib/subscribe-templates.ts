import {
  SUBSCRIBE_PURPOSE_SPECS,
  SUBSCRIBE_PURPOSES,
  type SubscribePurpose,
} from '@circles/shared';

/**
 * WEAPP_SUBSCRIBE_TEMPLATES: one subscribe-message template per purpose, as chosen in the
 * mini-program console (订阅消息 → 我的模板). JSON:
 *
 *   {"perk_granted": {"id": "<template id>", "keys": {"perk": "thing1", "note": "thing4"},
 *                     "page": "pages/perks/index"}, …}
 *
 * `keys` maps every field of the purpose to the template's keyword; `page` is optional.
 */
export interface SubscribeTemplateConfig {
  id: string;
  /** Field name → the template's keyword (e.g. `thing1`). */
  keys: Record<string, string>;
  page: string;
}

export type SubscribeTemplates = Record<SubscribePurpose, SubscribeTemplateConfig>;

export class SubscribeTemplatesError extends Error {}

const TEMPLATE_ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const KEYWORD_RE = /^([a-z_]+?)(\d+)$/;
const PAGE_RE = /^[A-Za-z0-9_\-/]+(\?[^\s]*)?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The keyword type of `thing1` (`thing`), of `character_string3` (`character_string`). */
export function keywordType(keyword: string): string | undefined {
  return KEYWORD_RE.exec(keyword)?.[1];
}

function parseOne(purpose: SubscribePurpose, raw: unknown): SubscribeTemplateConfig {
  const spec = SUBSCRIBE_PURPOSE_SPECS[purpose];
  if (!isObject(raw)) throw new SubscribeTemplatesError(`${purpose} must be an object`);
  if (typeof raw.id !== 'string' || !TEMPLATE_ID_RE.test(raw.id))
    throw new SubscribeTemplatesError(`${purpose}.id must be a template id ([A-Za-z0-9_-])`);
  if (!isObject(raw.keys)) throw new SubscribeTemplatesError(`${purpose}.keys must be an object`);
  const keys: Record<string, string> = {};
  for (const [field, { types }] of Object.entries(spec.fields)) {
    const keyword = raw.keys[field];
    if (typeof keyword !== 'string')
      throw new SubscribeTemplatesError(`${purpose}.keys.${field} is missing`);
    const type = keywordType(keyword);
    if (!type || !(types as readonly string[]).includes(type))
      throw new SubscribeTemplatesError(
        `${purpose}.keys.${field} must be a ${types.join(' or ')} keyword (e.g. ${types[0]}1)`,
      );
    if (Object.values(keys).includes(keyword))
      throw new SubscribeTemplatesError(`${purpose}.keys uses ${keyword} twice`);
    keys[field] = keyword;
  }
  const extra = Object.keys(raw.keys).find((k) => !(k in spec.fields));
  if (extra)
    throw new SubscribeTemplatesError(
      `${purpose}.keys.${extra} is not a field (${Object.keys(spec.fields).join(', ')})`,
    );
  if (raw.page !== undefined && (typeof raw.page !== 'string' || !PAGE_RE.test(raw.page)))
    throw new SubscribeTemplatesError(`${purpose}.page must be a page path without a leading /`);
  return { id: raw.id, keys, page: typeof raw.page === 'string' ? raw.page : spec.page };
}

/** Parses the variable; every purpose must be configured (a missing one stops start-up). */
export function parseSubscribeTemplates(raw: string): SubscribeTemplates {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new SubscribeTemplatesError('is not valid JSON');
  }
  if (!isObject(value)) throw new SubscribeTemplatesError('must be a JSON object of purposes');
  const unknown = Object.keys(value).find(
    (k) => !(SUBSCRIBE_PURPOSES as readonly string[]).includes(k),
  );
  if (unknown)
    throw new SubscribeTemplatesError(
      `${unknown} is not a purpose (${SUBSCRIBE_PURPOSES.join(', ')})`,
    );
  const missing = SUBSCRIBE_PURPOSES.filter((p) => value[p] === undefined);
  if (missing.length) throw new SubscribeTemplatesError(`lacks ${missing.join(', ')}`);
  return Object.fromEntries(
    SUBSCRIBE_PURPOSES.map((p) => [p, parseOne(p, value[p])]),
  ) as SubscribeTemplates;
}

/**
 * Sandbox mode only: one template per purpose, keywords numbered in field order with the
 * field's first type (`perk` → thing1, `note` → thing2). The fake registers the same ones.
 */
export function sandboxSubscribeTemplates(): SubscribeTemplates {
  return Object.fromEntries(
    SUBSCRIBE_PURPOSES.map((purpose) => {
      const spec = SUBSCRIBE_PURPOSE_SPECS[purpose];
      const keys = Object.fromEntries(
        Object.entries(spec.fields).map(([field, f], i) => [field, `${f.types[0]}${i + 1}`]),
      );
      return [purpose, { id: `sandbox_${purpose}`, keys, page: spec.page }];
    }),
  ) as SubscribeTemplates;
}

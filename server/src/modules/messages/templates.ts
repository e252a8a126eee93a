import {
  SUBSCRIBE_MOMENT_PURPOSES,
  SUBSCRIBE_PURPOSE_SPECS,
  SUBSCRIBE_PURPOSES,
  type SubscribeMoment,
  type SubscribePurpose,
} from '@circles/shared';
import { AppError } from '../../lib/errors';
import type { SubscribeTemplates } from '../../lib/subscribe-templates';

export interface TemplateInfo {
  purpose: SubscribePurpose;
  title: string;
  templateId: string;
  /** Field name → keyword of the template. */
  keys: Readonly<Record<string, string>>;
  page: string;
}

/** The configured templates, looked up by purpose, moment or WeChat template id. */
export class TemplateCatalog {
  private readonly byPurpose = new Map<SubscribePurpose, TemplateInfo>();

  /** `null`: no templates configured (outside sandbox mode), so nothing is ever asked or sent. */
  constructor(templates: SubscribeTemplates | null) {
    for (const purpose of SUBSCRIBE_PURPOSES) {
      const t = templates?.[purpose];
      if (!t) continue;
      this.byPurpose.set(purpose, {
        purpose,
        title: SUBSCRIBE_PURPOSE_SPECS[purpose].title,
        templateId: t.id,
        keys: t.keys,
        page: t.page,
      });
    }
  }

  get enabled(): boolean {
    return this.byPurpose.size > 0;
  }

  all(): TemplateInfo[] {
    return [...this.byPurpose.values()];
  }

  of(purpose: SubscribePurpose): TemplateInfo | undefined {
    return this.byPurpose.get(purpose);
  }

  require(purpose: SubscribePurpose): TemplateInfo {
    const t = this.byPurpose.get(purpose);
    if (!t) {
      throw new AppError(
        'upstream_failed',
        'SUBSCRIBE_OFF',
        `subscribe messages are off: no template for ${purpose} (WEAPP_SUBSCRIBE_TEMPLATES)`,
      );
    }
    return t;
  }

  /** Templates to ask for at a moment; one per template id (WeChat filters repeats anyway). */
  forMoment(moment: SubscribeMoment): TemplateInfo[] {
    const seen = new Set<string>();
    return SUBSCRIBE_MOMENT_PURPOSES[moment].flatMap((p) => {
      const t = this.byPurpose.get(p);
      if (!t || seen.has(t.templateId)) return [];
      seen.add(t.templateId);
      return [t];
    });
  }

  /** Purposes that use a template id (several purposes may share one template). */
  purposesOf(templateId: string): TemplateInfo[] {
    return this.all().filter((t) => t.templateId === templateId);
  }

  /**
   * Turns send data into keyword data. Keys may be the purpose's field names (`perk`) or the
   * template's keywords themselves (`thing1`); anything else is a caller's mistake, refused
   * before any quota or WeChat call. Missing keywords are left for WeChat to refuse (47003).
   */
  keywordData(t: TemplateInfo, data: Record<string, string>): Record<string, string> {
    const keywords = new Set(Object.values(t.keys));
    const out: Record<string, string> = {};
    const fields: Array<{ path: string; message: string }> = [];
    for (const [key, value] of Object.entries(data)) {
      const keyword = t.keys[key] ?? (keywords.has(key) ? key : undefined);
      if (!keyword) {
        const known = [...Object.keys(t.keys), ...keywords].join(', ');
        fields.push({ path: `data.${key}`, message: `not a field of ${t.purpose} (${known})` });
      } else if (keyword in out) {
        fields.push({ path: `data.${key}`, message: `${keyword} is given twice` });
      } else out[keyword] = value;
    }
    if (fields.length > 0) {
      throw AppError.of('VALIDATION_FAILED', `Invalid ${fields[0]!.path}: ${fields[0]!.message}`, {
        fields,
      });
    }
    return out;
  }
}

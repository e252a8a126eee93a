import type { Core } from '../../core';
import type { SpineServices } from '../spine';
import { messageModels } from './messages.model';
import { MessagesService } from './messages.service';
import { QuotaStore } from './quotas';
import { SendLog } from './send-log';
import { TemplateCatalog } from './templates';

export { registerMessageRoutes } from './messages.routes';
export type { SendInput, SendResult } from './messages.service';
export { MessagesService } from './messages.service';
export type { TemplateInfo } from './templates';
export { keywordValues } from './values';

export interface MessageServices {
  /** WeChat subscribe messages: acceptances, quotas, idempotent sends, history. */
  messages: MessagesService;
}

/**
 * Subscribe messages. In sandbox mode the configured (generated) templates and their pages are
 * registered with the fake platform, so it checks sends against the same keywords.
 */
export function buildMessages(
  core: Core,
  spine: Pick<SpineServices, 'members' | 'merges' | 'integrations'>,
): MessageServices {
  const m = messageModels(core.conn);
  const catalog = new TemplateCatalog(core.config.weapp.subscribeTemplates);
  const quotas = new QuotaStore(m);
  const messages = new MessagesService(
    core,
    spine.integrations.weapp,
    spine.members,
    catalog,
    quotas,
    new SendLog(m, core.clock),
  );
  spine.merges.register(quotas.participant());
  const fake = spine.integrations.sandbox?.weapp;
  if (fake) {
    for (const t of catalog.all()) fake.registerTemplate(t.templateId, Object.values(t.keys));
    fake.publishPages(catalog.all().map((t) => t.page.split('?')[0]!));
  }
  return { messages };
}

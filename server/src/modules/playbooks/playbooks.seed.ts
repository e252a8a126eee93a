import { PLAYBOOK_TEMPLATES } from '@circles/shared';
import type { Container } from '../../container';
import { isAppError } from '../../lib/errors';

/**
 * Installs each built-in template once, as a draft under the template's id, so ops find the
 * SOPs ready to review and activate (or copy) on first start.
 */
export async function seedPlaybookTemplates(c: Container): Promise<void> {
  for (const t of PLAYBOOK_TEMPLATES) {
    try {
      await c.services.playbooks.copyTemplate(t.id, t.id);
    } catch (err) {
      if (!(isAppError(err) && err.code === 'PLAYBOOK_ID_TAKEN')) throw err;
    }
  }
}

import type { PlaybookView } from '@circles/shared';
import type { PlaybookDoc } from './playbooks.model';

export const playbookView = (p: PlaybookDoc): PlaybookView => ({
  id: p._id,
  status: p.status,
  version: p.version,
  templateId: p.templateId,
  definition: p.definition,
  activatedAt: p.activatedAt?.toISOString() ?? null,
  updatedAt: p.updatedAt.toISOString(),
});

import { z } from 'zod';
import { playbookDefinition, playbookSettings } from '../domain/playbooks/definition';
import { defineRoute } from './index-base';

const WRITERS = ['admin', 'ops'] as const;
const admin = { tag: 'admin', auth: 'admin' } as const;

export const PLAYBOOK_STATUSES = ['draft', 'active', 'paused', 'stopped'] as const;
export const playbookId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, '编号只能用小写字母、数字和 -（2–40 位）')
  // `new` is the panel's create page (/playbooks/new).
  .refine((id) => id !== 'new', '编号不能是 new');
const idParams = z.object({ id: playbookId });

/** Either a definition or a template to copy (not a union: errors keep their field paths). */
export const playbookCreateBody = z
  .object({
    id: playbookId,
    definition: playbookDefinition.optional(),
    templateId: z.string().min(1).max(40).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.definition === undefined) === (b.templateId === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['definition'],
        message: '请填写剧本内容，或选择一个模板复制',
      });
    }
  });

export const playbookFunnel = z.object({
  entered: z.number().int(),
  active: z.number().int(),
  touched: z.number().int(),
  converted: z.number().int(),
  completed: z.number().int(),
  stopped: z.number().int(),
  revenueFen: z.number().int(),
  steps: z.array(z.object({ step: z.number().int(), runs: z.number().int() })),
});

export const playbookView = z.object({
  id: z.string(),
  status: z.enum(PLAYBOOK_STATUSES),
  version: z.number().int(),
  templateId: z.string().nullable(),
  definition: z.unknown(),
  activatedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PlaybookView = z.infer<typeof playbookView>;

export const playbookTemplateView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  definition: z.unknown(),
});

export const playbookRoutes = {
  list: defineRoute({
    ...admin,
    method: 'get',
    path: '/api/admin/playbooks',
    summary: 'Playbooks, and the built-in templates ops can copy',
    response: z.object({
      items: z.array(playbookView),
      templates: z.array(playbookTemplateView),
    }),
  }),
  create: defineRoute({
    ...admin,
    method: 'post',
    path: '/api/admin/playbooks',
    summary: 'Create a draft playbook, or copy a template',
    roles: WRITERS,
    body: playbookCreateBody,
    response: playbookView,
    status: 201,
  }),
  get: defineRoute({
    ...admin,
    method: 'get',
    path: '/api/admin/playbooks/:id',
    summary: 'One playbook with its funnel',
    params: idParams,
    response: playbookView.extend({ funnel: playbookFunnel }),
  }),
  update: defineRoute({
    ...admin,
    method: 'put',
    path: '/api/admin/playbooks/:id',
    summary: 'Edit a playbook (a new version; running members finish on theirs)',
    roles: WRITERS,
    params: idParams,
    body: z.object({ definition: playbookDefinition }).strict(),
    response: playbookView,
  }),
  move: defineRoute({
    ...admin,
    method: 'post',
    path: '/api/admin/playbooks/:id/:move',
    summary: 'Activate, pause, resume or stop a playbook',
    roles: WRITERS,
    params: z.object({ id: playbookId, move: z.enum(['activate', 'pause', 'resume', 'stop']) }),
    response: playbookView,
  }),
  settings: defineRoute({
    ...admin,
    method: 'get',
    path: '/api/admin/playbook-settings',
    summary: 'Frequency caps and quiet hours across all playbooks',
    response: playbookSettings,
  }),
  saveSettings: defineRoute({
    ...admin,
    method: 'put',
    path: '/api/admin/playbook-settings',
    summary: 'Change the caps and quiet hours',
    roles: ['admin'],
    body: playbookSettings.strict(),
    response: playbookSettings,
  }),
};

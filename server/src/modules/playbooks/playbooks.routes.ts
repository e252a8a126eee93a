import { PLAYBOOK_TEMPLATES, playbookDefinition, playbookRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { playbookView } from './views';

const templates = PLAYBOOK_TEMPLATES.map((t) => ({
  id: t.id,
  name: t.definition.name,
  description: t.definition.description ?? '',
  definition: playbookDefinition.parse(t.definition),
}));

export function registerPlaybookRoutes(api: ApiRouter, c: Container): void {
  const { playbooks, playbookRuns, playbookScheduler, audit } = c.services;
  const target = (id: string) => ({ type: 'playbook', id });

  api.add(playbookRoutes.list, async () => ({
    items: (await playbooks.list()).map(playbookView),
    templates,
  }));
  api.add(playbookRoutes.get, async ({ params }) => ({
    ...playbookView(await playbooks.require(params.id)),
    funnel: await playbookRuns.funnel(params.id),
  }));
  api.add(playbookRoutes.create, async ({ body, ctx }) => {
    const doc = body.templateId
      ? await playbooks.copyTemplate(body.templateId, body.id)
      : await playbooks.create(body.id, body.definition!);
    const after = playbookView(doc);
    await audit.recordFor(ctx, 'playbook.create', target(after.id), null, after);
    return after;
  });
  api.add(playbookRoutes.update, async ({ params, body, ctx }) => {
    const before = playbookView(await playbooks.require(params.id));
    const after = playbookView(await playbooks.update(params.id, body.definition));
    await audit.recordFor(ctx, 'playbook.update', target(params.id), before, after);
    return after;
  });
  api.add(playbookRoutes.move, async ({ params, ctx }) => {
    const before = playbookView(await playbooks.require(params.id));
    const after = playbookView(await playbooks.move(params.id, params.move));
    await audit.recordFor(ctx, `playbook.${params.move}`, target(params.id), before, after);
    // Activation enters the audience at once instead of at the next tick.
    if (params.move === 'activate' || params.move === 'resume') await playbookScheduler.queue();
    return after;
  });
  api.add(playbookRoutes.settings, () => playbooks.settings());
  api.add(playbookRoutes.saveSettings, async ({ body, ctx }) => {
    const before = await playbooks.settings();
    const after = await playbooks.saveSettings(body);
    await audit.recordFor(
      ctx,
      'playbook.settings',
      { type: 'settings', id: 'playbooks' },
      before,
      after,
    );
    return after;
  });
}

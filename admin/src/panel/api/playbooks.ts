import {
  type PlaybookDefinition,
  type PlaybookDefinitionInput,
  type PlaybookSettings,
  type PlaybookView,
  playbookDefinition,
  playbookRoutes,
  type ResponseOf,
} from '@circles/shared';
import { call } from './client';

export type { PlaybookDefinition, PlaybookDefinitionInput, PlaybookSettings, PlaybookView };
export type PlaybookList = ResponseOf<typeof playbookRoutes.list>;
export type PlaybookTemplateView = PlaybookList['templates'][number];
export type PlaybookDetail = ResponseOf<typeof playbookRoutes.get>;
export type PlaybookFunnel = PlaybookDetail['funnel'];
export type PlaybookStatus = PlaybookView['status'];
export type PlaybookMove = 'activate' | 'pause' | 'resume' | 'stop';
export type PlaybookStep = PlaybookDefinition['steps'][number];

/**
 * The typed definition of a playbook or template. Views carry it as `unknown` (the server
 * stores what it parsed), so parsing here gives the defaults and the step union back; null
 * only if the server sent something this panel build does not understand.
 */
export function definitionOf(view: { definition: unknown }): PlaybookDefinition | null {
  const parsed = playbookDefinition.safeParse(view.definition);
  return parsed.success ? parsed.data : null;
}

export const listPlaybooks = (signal?: AbortSignal): Promise<PlaybookList> =>
  call(playbookRoutes.list, { signal });

export const fetchPlaybook = (id: string, signal?: AbortSignal): Promise<PlaybookDetail> =>
  call(playbookRoutes.get, { params: { id }, signal });

export const createPlaybook = (
  id: string,
  definition: PlaybookDefinitionInput,
): Promise<PlaybookView> => call(playbookRoutes.create, { body: { id, definition } });

export const copyTemplate = (templateId: string, id: string): Promise<PlaybookView> =>
  call(playbookRoutes.create, { body: { id, templateId } });

/** Saves a new version; runs already going finish on the version they started on. */
export const updatePlaybook = (
  id: string,
  definition: PlaybookDefinitionInput,
): Promise<PlaybookView> => call(playbookRoutes.update, { params: { id }, body: { definition } });

export const movePlaybook = (id: string, move: PlaybookMove): Promise<PlaybookView> =>
  call(playbookRoutes.move, { params: { id, move } });

export const fetchPlaybookSettings = (signal?: AbortSignal): Promise<PlaybookSettings> =>
  call(playbookRoutes.settings, { signal });

export const savePlaybookSettings = (body: PlaybookSettings): Promise<PlaybookSettings> =>
  call(playbookRoutes.saveSettings, { body });

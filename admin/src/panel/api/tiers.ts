import { type ResponseOf, type TierLadderBody, tierRoutes } from '@circles/shared';
import { call } from './client';

export type Ladder = ResponseOf<typeof tierRoutes.get>;
export type LadderPreview = ResponseOf<typeof tierRoutes.preview>;

export const fetchLadder = (signal?: AbortSignal): Promise<Ladder> =>
  call(tierRoutes.get, { signal });

export const previewLadder = (body: TierLadderBody, signal?: AbortSignal): Promise<LadderPreview> =>
  call(tierRoutes.preview, { body, signal });

export const saveLadder = (body: TierLadderBody): Promise<Ladder> => call(tierRoutes.put, { body });

import { z } from 'zod';
import { defineRoute } from './index-base';

export const databaseState = z.enum(['connected', 'connecting', 'disconnected', 'unavailable']);

export const healthResponse = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  sandbox: z.boolean(),
  database: z.object({
    state: databaseState,
    engine: z.enum(['embedded', 'external', 'none']),
    message: z.string().optional(),
  }),
});
export type HealthResponse = z.infer<typeof healthResponse>;

export const healthRoutes = {
  healthz: defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Process and database status (503 when the database is not connected)',
    tag: 'system',
    auth: 'none',
    response: healthResponse,
  }),
};

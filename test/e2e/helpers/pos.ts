import { randomBytes } from 'node:crypto';
import { integrationHeaders } from '@circles/server/src/modules/orders/integration-auth';

/**
 * A store system's call to the integrations API, signed with the sandbox POS key; answers the
 * status and parsed body so a test can check refusals too.
 */
export async function posPost(
  baseUrl: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...integrationHeaders('sandbox', 'sandbox-secret', {
        timestamp: String(Math.floor(Date.now() / 1000)),
        nonce: randomBytes(16).toString('base64url'),
        method: 'POST',
        path,
        rawBody: raw,
      }),
    },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

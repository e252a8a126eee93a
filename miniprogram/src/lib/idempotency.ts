/**
 * A key for one member action (a redemption, a claim). Made once when the action starts and
 * reused on a retry, so a request that timed out but reached the server is not applied twice.
 */
export function newIdempotencyKey(prefix = 'mp'): string {
  const random = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

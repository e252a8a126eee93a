import type { Middleware } from 'koa';
import { parseFlatXml } from '../../integrations/wecom/callback-xml';
import type { WeComCrypto } from '../../integrations/wecom/crypto';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { DurableQueue } from '../../platform/queue';
import { WELCOME_KIND, welcomeJobOf } from './welcome.lane';
import { eventKey } from './wecom.events';

export const EVENT_KIND = 'wecom.event';

function callbackQuery(query: Record<string, unknown>) {
  const get = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '');
  const q = {
    msgSignature: get('msg_signature'),
    timestamp: get('timestamp'),
    nonce: get('nonce'),
  };
  if (!q.msgSignature || !q.timestamp || !q.nonce) {
    throw AppError.of('VALIDATION_FAILED', 'msg_signature, timestamp and nonce are required');
  }
  return q;
}

/** GET /callbacks/wecom: URL verification — the bare decrypted echostr, nothing else. */
export function verifyUrl(crypto: WeComCrypto): Middleware {
  return async (ctx) => {
    const q = callbackQuery(ctx.query);
    const echostr = typeof ctx.query.echostr === 'string' ? ctx.query.echostr : '';
    if (!echostr) throw AppError.of('VALIDATION_FAILED', 'echostr is required');
    ctx.type = 'text/plain';
    ctx.body = crypto.verifyUrl(q, echostr);
  };
}

/**
 * POST /callbacks/wecom: authenticate and decrypt, write the event to the durable queue under
 * its key (a retried delivery finds the key taken), answer 200 empty; the queue does the work.
 */
export function receiveEvent(crypto: WeComCrypto, queue: DurableQueue, clock: Clock): Middleware {
  return async (ctx) => {
    const inner = crypto.openEnvelope(callbackQuery(ctx.query), ctx.state.rawBody ?? '');
    let event: Record<string, string>;
    try {
      event = parseFlatXml(inner);
    } catch {
      throw AppError.of('VALIDATION_FAILED', 'callback message is not valid XML');
    }
    // The welcome first, in its own lane: its code dies 20 s after the add.
    const welcome = welcomeJobOf(event, clock.now().getTime());
    if (welcome) {
      await queue.enqueue(WELCOME_KIND, `welcome:${welcome.welcomeCode}`, { ...welcome });
    }
    const fresh = await queue.enqueue(EVENT_KIND, `event:${eventKey(event)}`, event);
    ctx.state.log.info(
      { event: event.Event, changeType: event.ChangeType, duplicate: !fresh },
      'wecom callback queued',
    );
    ctx.status = 200;
    ctx.body = '';
  };
}

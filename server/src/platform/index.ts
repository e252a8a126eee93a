import type { Core } from '../core';
import { DomainEvents } from './events';
import { DurableQueue } from './queue';

export { DomainEvents, type DomainEventName, type OutboxEntry, outboxField } from './events';
export { DurableQueue } from './queue';
export { type ScheduledJob, startScheduler } from './scheduler';

/** The shared background machinery every module may use: one durable queue, one event bus. */
export interface Platform {
  queue: DurableQueue;
  domainEvents: DomainEvents;
}

export function buildPlatform(core: Core): Platform {
  const queue = new DurableQueue(core);
  const domainEvents = new DomainEvents(queue, core.logger, () => core.clock.now());
  return { queue, domainEvents };
}

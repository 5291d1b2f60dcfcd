import type { ReceivedEvent } from '@vigil/topic-contract';
import { type DeliveryTarget, type HandlerKey, type PendingEvent, handlerKeyOf } from './delivery-ports';

/**
 * Rebuilds the event from an alerts-topic record as readEventRecord() returns it and lists its
 * targets: every handler instruction, or, on a record re-published by `vigil dlq replay`
 * (REPLAY_HEADER), only the handlers named by `replayKeys`, which are then delivered again even
 * though the ledger holds them as dead. Keys that the event does not have are ignored, because a
 * replay names what failed, never more.
 */
export function pendingEventOf(received: ReceivedEvent, replayKeys?: readonly HandlerKey[]): PendingEvent {
  const wanted = replayKeys === undefined ? undefined : new Set(replayKeys);
  const targets: DeliveryTarget[] = [];
  received.handlers.forEach((instruction, index) => {
    const key = handlerKeyOf(index, instruction);
    if (wanted === undefined || wanted.has(key)) targets.push({ key, instruction });
  });
  return {
    eventId: received.eventId,
    event: {
      ...received.alert,
      task: received.task,
      node: received.node,
      topic: received.topic,
      category: received.category,
      handlers: received.handlers,
    },
    json: received.json,
    targets,
    redeliverDead: replayKeys !== undefined,
    ...(received.acceptedMs === undefined ? {} : { acceptedMs: received.acceptedMs }),
    ...(received.replayId === undefined ? {} : { replayId: received.replayId }),
  };
}

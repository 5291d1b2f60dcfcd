export { handlerKeyOf, idempotencyKeyOf } from './delivery-ports';
export type {
  AttemptOutcome,
  DeadLetter,
  DeadLetterSink,
  DeliveryClock,
  DeliveryLedger,
  DeliveryObserver,
  DeliveryTarget,
  DeliveryTimes,
  HandlerFactory,
  HandlerKey,
  PendingEvent,
  RetryPolicy,
  Settlement,
} from './delivery-ports';
export { DEFAULT_MAX_IN_FLIGHT_PER_ORIGIN, DeliveryScheduler, type DeliverySchedulerOptions } from './scheduler/delivery-scheduler';
export { DeliveryStoppedError } from './scheduler/delivery-stopped-error';
export { submitUntilSettled, type ResubmitOptions } from './dispatch/submit-until-settled';
export { systemClock } from './clock/system-clock';
export { InMemoryDeliveryLedger } from './ledger/in-memory-ledger';
export { OffsetWatermark } from './watermark/offset-watermark';
export { pendingEventOf } from './pending-event';
export {
  DEAD_LETTER_HEADERS,
  REPLAY_HEADER,
  DeadLetterRecordError,
  type DeadLetterRecord,
  deadLetterRecordOf,
  readDeadLetterRecord,
} from './dead-letter/dead-letter-record';
export { OutageWatch, type OutageLog } from './outage/outage-watch';
export { HandlerCache, targetIdOf } from './outage/handler-cache';
export { DeliveryMetrics, type DeliveryMetricsOptions } from './metrics/delivery-metrics';

export { handlerKeyOf } from './delivery-ports';
export type {
  AttemptOutcome,
  DeadLetter,
  DeadLetterSink,
  DeliveryClock,
  DeliveryLedger,
  DeliveryObserver,
  DeliveryTarget,
  HandlerFactory,
  HandlerKey,
  PendingEvent,
  RetryPolicy,
  Settlement,
} from './delivery-ports';

/**
 * A submit ended because its signal aborted or the scheduler stopped before its pairs settled.
 * Nothing was recorded for the unsettled pairs, so the caller must not commit past the event.
 */
export class DeliveryStoppedError extends Error {
  constructor(message = 'delivery stopped before the event was settled') {
    super(message);
    this.name = 'DeliveryStoppedError';
  }
}

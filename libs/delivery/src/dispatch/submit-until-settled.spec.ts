import { DeliveryStoppedError } from '../scheduler/delivery-stopped-error';
import { submitUntilSettled, type ResubmitOptions } from './submit-until-settled';

/** Options whose sleep records its waits and returns at once, and whose callbacks are recorded. */
function recorded(signal: AbortSignal = new AbortController().signal) {
  const waits: number[] = [];
  const calls: string[] = [];
  const options: ResubmitOptions = {
    signal,
    sleep: async (ms) => {
      waits.push(ms);
    },
    retryMs: 100,
    maxRetryMs: 400,
    failed: (error) => calls.push(`failed ${(error as Error).message}`),
    succeeded: () => calls.push('succeeded'),
  };
  return { options, waits, calls };
}

describe('submitUntilSettled', () => {
  it('submits again after each bookkeeping failure, doubling the wait up to its bound, until the event is settled', async () => {
    const { options, waits, calls } = recorded();
    let submits = 0;
    const settled = await submitUntilSettled(async () => {
      submits += 1;
      if (submits <= 4) throw new Error(`ledger down ${submits}`);
    }, options);
    expect(settled).toBe(true);
    expect(submits).toBe(5);
    expect(waits).toEqual([100, 200, 400, 400]);
    expect(calls).toEqual(['failed ledger down 1', 'failed ledger down 2', 'failed ledger down 3', 'failed ledger down 4', 'succeeded']);
  });

  it('resolves false without a retry or a failure when the scheduler stopped', async () => {
    const { options, waits, calls } = recorded();
    const settled = await submitUntilSettled(async () => {
      throw new DeliveryStoppedError();
    }, options);
    expect(settled).toBe(false);
    expect(waits).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('stops trying once its signal aborts', async () => {
    const controller = new AbortController();
    const { options, calls } = recorded(controller.signal);
    let submits = 0;
    const settled = await submitUntilSettled(async () => {
      submits += 1;
      controller.abort();
      throw new Error('ledger down');
    }, options);
    expect(settled).toBe(false);
    expect(submits).toBe(1);
    expect(calls).toEqual([]);
  });
});

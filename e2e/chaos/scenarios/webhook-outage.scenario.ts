import { setTimeout as sleep } from 'node:timers/promises';
import type { ChaosScenario } from '../support/chaos-scenario';
import { runScaled } from '../support/scaled-run';

/** The receiver refuses connections, then answers 500, then recovers, while the stream flows. */
export const webhookOutage: ChaosScenario = {
  name: 'webhook-outage',
  summary: 'At a quarter of the stream the receiver refuses connections (60 s in full), then answers every request with 500 (30 s in full), then answers 200 again; the notifier must retry every notification through it.',
  run: (size) =>
    runScaled({
      scenario: 'webhook-outage',
      size,
      evaluators: 1,
      notifiers: 1,
      fault: async (run) => {
        await run.progress.untilWritten(1 / 4);
        await run.receiver.set('down');
        await sleep(size.webhookDownMs);
        await run.receiver.set('failing');
        await sleep(size.webhookFailingMs);
        await run.receiver.set('ok');
        const refused = run.receiver.received().filter((request) => request.status === 500).length;
        return `webhook down ${size.webhookDownMs / 1000} s, then 500 for ${size.webhookFailingMs / 1000} s (${refused} requests answered 500)`;
      },
    }),
};

import type { ChaosScenario } from '../support/chaos-scenario';
import { spread } from '../support/run-progress';
import { runStandalone } from '../support/standalone-run';

/** `vigil serve` SIGKILLed N times over the stream, restarted on its data folder each time. */
export const serveKill: ChaosScenario = {
  name: 'serve-kill',
  summary: '`vigil serve` is SIGKILLed (the server process, not its launcher) N times over the stream and started again on the same data folder each time; the writer retries what failed meanwhile.',
  run: (size) =>
    runStandalone({
      scenario: 'serve-kill',
      size,
      fault: async (run) => {
        for (let kill = 1; kill <= size.kills; kill++) {
          await run.progress.untilWritten(spread(kill, size.kills));
          await run.killAndRestart();
        }
        return `${size.kills} SIGKILLs of vigil serve, each restarted`;
      },
    }),
};

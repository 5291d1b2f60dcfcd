import type { ChaosScenario } from '../support/chaos-scenario';
import { spread } from '../support/run-progress';
import { runScaled } from '../support/scaled-run';

/** Two evaluators; one is SIGKILLed `kills` times right after an alerts-topic write and restarted. */
export const evaluatorKill: ChaosScenario = {
  name: 'evaluator-kill',
  summary: 'Two evaluators; the newest is SIGKILLed right after an alerts-topic write (between writing events and saving the checkpoint, most likely), N times over the stream, and restarted each time.',
  run: (size) =>
    runScaled({
      scenario: 'evaluator-kill',
      size,
      evaluators: 2,
      notifiers: 1,
      fault: async (run) => {
        for (let kill = 1; kill <= size.kills; kill++) {
          await run.progress.untilWritten(spread(kill, size.kills));
          await run.cluster.nextAlertWrite(10_000).catch(() => undefined);
          const victim = run.liveEvaluators().at(-1);
          if (victim) await run.kill(victim);
          await run.cluster.startEvaluator();
        }
        return `${size.kills} evaluator SIGKILLs, each restarted`;
      },
    }),
};

/** The whole stream evaluated first, so a backlog of alerts waits; the notifier is killed while it drains. */
export const notifierKill: ChaosScenario = {
  name: 'notifier-kill',
  summary: 'The stream is evaluated with no notifier running, so every alert waits on the alerts topic; one notifier drains that backlog and is SIGKILLed N times, spread over the drain, a new one started after each.',
  run: (size) =>
    runScaled({
      scenario: 'notifier-kill',
      size,
      evaluators: 1,
      notifiers: 0,
      fault: async (run) => {
        await run.progress.untilWritten(1);
        await run.cluster.waitUntilEvaluated(size.settleTimeoutMs);
        let notifier = await run.notifiers.startNotifier();
        for (let kill = 1; kill <= size.kills; kill++) {
          await run.progress.untilDelivered(spread(kill, size.kills));
          await run.kill(notifier);
          notifier = await run.notifiers.startNotifier();
        }
        return `${size.kills} notifier SIGKILLs while a backlog of ${run.progress.expected} drains`;
      },
    }),
};

/** Two evaluators and two notifiers; one of each killed, later a new one of each joins. */
export const membersTwoPlusTwo: ChaosScenario = {
  name: 'members-2-2',
  summary: 'Two evaluators and two notifiers; at a third of the stream one of each is SIGKILLed and not restarted (the group reassigns its partitions after the session timeout), at two thirds a new evaluator and a new notifier join.',
  run: (size) =>
    runScaled({
      scenario: 'members-2-2',
      size,
      evaluators: 2,
      notifiers: 2,
      fault: async (run) => {
        await run.progress.untilWritten(1 / 3);
        const [evaluator] = run.liveEvaluators();
        const [notifier] = run.liveNotifiers();
        await Promise.all([evaluator && run.kill(evaluator), notifier && run.kill(notifier)]);
        await run.progress.untilWritten(2 / 3);
        await Promise.all([run.cluster.startEvaluator(), run.notifiers.startNotifier()]);
        return 'SIGKILL of one evaluator and one notifier, then one of each joins';
      },
    }),
};

import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AlertBroker, type BrokerDelivery } from './alert-broker';
import { liveServices } from './child-service';
import { DEMO_USAGE, DemoUsageError, parseDemoArgs, type DemoOptions } from './demo-args';
import { DemoOutput } from './demo-output';
import { loadScenario, type DemoScenario } from './demo-scenario';
import { startKafkaDeployment } from './kafka-runner';
import { PayloadCheck } from './payload-check';
import { writeRequests } from './request-writer';
import { startStandalone } from './standalone-runner';
import type { DeploymentContext, VigilDeployment } from './vigil-deployment';

/** How a run ended; `interrupted` is a Ctrl-C, which is a clean end too. */
type Ending = { readonly kind: 'passed' } | { readonly kind: 'interrupted' } | { readonly kind: 'failed'; readonly reason: string };

/** `npm run demo`: returns the exit code (0: passed or stopped with Ctrl-C, 1: failed or bad usage). */
export async function runDemo(argv: readonly string[], root: string): Promise<number> {
  let options: DemoOptions;
  try {
    options = parseDemoArgs(argv, root);
  } catch (error) {
    if (!(error instanceof DemoUsageError)) throw error;
    process.stderr.write(`demo: ${error.message}\n${DEMO_USAGE}`);
    return 1;
  }
  if (options.help) {
    process.stdout.write(DEMO_USAGE);
    return 0;
  }
  const output = new DemoOutput((text) => process.stdout.write(text), { terminal: process.stdout.isTTY === true, pretty: options.pretty });
  const runId = newRunId();
  const runDir = join(root, '.vigil', 'demo', runId);
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  const controller = new AbortController();
  const stopListening = listenForInterrupts(controller, output);
  output.title(`vigil demo: ${options.kafka ? 'distributed (Kafka, Redis, ingest, evaluator, notifier)' : 'standalone (vigil serve)'}, run ${runId}${options.once ? ', --once' : ''}`);
  let ending: Ending;
  try {
    ending = await runSession(options, { root, runDir, runId, output, signal: controller.signal });
  } finally {
    stopListening();
  }
  return report(ending, options, runDir, root, output);
}

interface SessionContext {
  readonly root: string;
  readonly runDir: string;
  readonly runId: string;
  readonly output: DemoOutput;
  readonly signal: AbortSignal;
}

/** Starts the broker and vigil, writes the requests, waits as --once or Ctrl-C says, and stops everything it started. */
async function runSession(options: DemoOptions, session: SessionContext): Promise<Ending> {
  const { output, signal } = session;
  let check: PayloadCheck | undefined;
  let settle: (ending: Ending) => void = () => undefined;
  const payloadsSettled = new Promise<Ending>((resolve) => (settle = resolve));
  const broker = new AlertBroker((delivery: BrokerDelivery) => {
    if (!check) return;
    const verdict = check.accept(delivery.body);
    output.payload(delivery, verdict);
    if (verdict.kind === 'unexpected') settle({ kind: 'failed', reason: verdict.reason });
    else if (check.complete()) settle({ kind: 'passed' });
  });
  let deployment: VigilDeployment | undefined;
  let ending: Ending;
  try {
    await broker.start(options.brokerPort);
    output.say('broker', `listening on ${broker.alertsUrl()}: prints every payload it receives, raw`);
    const scenario = loadScenario(options.scenarioDir, options.scenarioLabel, broker.alertsUrl());
    check = new PayloadCheck(scenario.expected);
    const taskFile = join(session.runDir, 'tasks', `${scenario.taskName}.tick`);
    mkdirSync(join(session.runDir, 'tasks'), { recursive: true });
    writeFileSync(taskFile, scenario.task);
    output.say('task', `${scenario.taskName} from ${scenario.label}/${scenario.taskName}.tick, .post() -> ${broker.alertsUrl()}`);
    const context: DeploymentContext = {
      root: session.root,
      runDir: session.runDir,
      logDir: join(session.runDir, 'logs'),
      taskFile,
      runId: session.runId,
      preferredPort: options.vigilPort,
      signal,
      say: (what, detail) => output.say(what, detail),
    };
    deployment = await (options.kafka ? startKafkaDeployment(context) : startStandalone(context));
    ending = await playScenario(options, scenario, deployment, { output, signal, payloadsSettled });
  } catch (error) {
    ending = signal.aborted ? { kind: 'interrupted' } : { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  output.say('stopping', deployment ? 'vigil, then the broker' : 'the broker');
  try {
    await deployment?.stop();
  } finally {
    await broker.stop();
  }
  return ending.kind === 'failed' ? ending : (await uncleanStops(deployment)) ?? ending;
}

/** vigil's services exit 0 after SIGTERM; any other end means the demo did not stop cleanly. */
async function uncleanStops(deployment: VigilDeployment | undefined): Promise<Ending | undefined> {
  const unclean: string[] = [];
  for (const service of deployment?.services ?? []) {
    const outcome = await service.exited;
    if (outcome !== 0) unclean.push(`${service.name} ended with ${outcome}; the end of ${service.logFile}:\n${service.tail()}`);
  }
  return unclean.length === 0 ? undefined : { kind: 'failed', reason: `vigil did not stop cleanly: ${unclean.join('\n')}` };
}

/** Writes the requests and waits for the payloads (--once), or for Ctrl-C. */
async function playScenario(
  options: DemoOptions,
  scenario: DemoScenario,
  deployment: VigilDeployment,
  wait: { readonly output: DemoOutput; readonly signal: AbortSignal; readonly payloadsSettled: Promise<Ending> },
): Promise<Ending> {
  const { output, signal } = wait;
  const interrupted = new Promise<Ending>((resolve) => {
    if (signal.aborted) resolve({ kind: 'interrupted' });
    signal.addEventListener('abort', () => resolve({ kind: 'interrupted' }), { once: true });
  });
  const died = Promise.race(deployment.services.map((service) => service.exited.then((outcome): Ending => ({ kind: 'failed', reason: `${service.name} exited (${outcome}) while the demo ran; the end of ${service.logFile}:\n${service.tail()}` }))));
  const writeUrl = `${deployment.url}/write?${scenario.writeQuery}`;
  output.say('writing', `${scenario.requests.length} requests from ${scenario.label}/requests.lp to ${writeUrl}`);
  const firstTime = scenario.requests[0]?.timeNs;
  if (firstTime !== undefined) {
    // A stream task takes its time from the points, so the file's own times work like live ones
    // and keep time and duration in the payloads comparable with Kapacitor's, byte for byte.
    output.say('times', `the points keep the file's times (from ${new Date(Number(firstTime / 1_000_000n)).toISOString()}), as Kapacitor saw them`);
  }
  const written = writeRequests(scenario.requests, { writeUrl, maxPauseMs: 1_000, signal, onWriting: (request) => output.request(request) }).then(
    () => undefined,
    (error: unknown): Ending => (signal.aborted ? { kind: 'interrupted' } : { kind: 'failed', reason: error instanceof Error ? error.message : String(error) }),
  );
  const afterWrites = await Promise.race([written, wait.payloadsSettled, interrupted, died]);
  if (afterWrites !== undefined && (afterWrites.kind !== 'passed' || options.once)) return afterWrites;
  if (afterWrites === undefined) output.say('waiting', `for the ${scenario.expected.length} payloads of ${scenario.label}/expected.jsonl`);
  const timedOut = sleep(options.timeoutMs, undefined, { signal }).then(
    (): Ending => ({ kind: 'failed', reason: timeoutReason(options.timeoutMs, scenario) }),
    (): Ending => ({ kind: 'interrupted' }),
  );
  const payloads = await Promise.race([wait.payloadsSettled, interrupted, died, timedOut]);
  if (options.once || payloads.kind !== 'passed') return payloads;
  output.success(`all ${scenario.expected.length} payloads arrived as ${scenario.label}/expected.jsonl says.`);
  output.say('running', `vigil keeps running: write more points with\n            curl -XPOST '${writeUrl}' --data-binary 'performance_influx,nome_recurso=p1,nome_provedor=pa latencia=300,sucesso=0i'\n            Ctrl-C stops everything`);
  return Promise.race([interrupted, died]);
}

function timeoutReason(timeoutMs: number, scenario: DemoScenario): string {
  return `the expected payloads did not all arrive within ${timeoutMs / 1000} s of the last request (see the payloads above and ${scenario.label}/expected.jsonl)`;
}

/** Prints how the run ended, removes the run folder unless it is needed, and returns the exit code. */
function report(ending: Ending, options: DemoOptions, runDir: string, root: string, output: DemoOutput): number {
  const where = relative(root, runDir);
  if (ending.kind === 'failed') {
    output.failure(`demo failed: ${ending.reason}`);
    output.say('kept', `${where} (task, data and logs of this run)`);
    return 1;
  }
  if (ending.kind === 'passed') output.success('demo passed: every expected payload arrived, byte for byte.');
  else output.success('demo stopped: everything it started has ended.');
  if (options.keep) output.say('kept', `${where} (task, data and logs of this run)`);
  else rmSync(runDir, { recursive: true, force: true });
  return 0;
}

/**
 * The first Ctrl-C (or SIGTERM) asks the demo to stop in order; another one a moment later kills
 * what is still running at once. One Ctrl-C in a terminal arrives twice (from the terminal, which
 * signals the whole foreground group, and forwarded by npm), so repeats within a second count as
 * one. Services run in process groups of their own, so the terminal's Ctrl-C reaches the demo only;
 * on any exit, whatever is still alive gets SIGKILL so nothing is left behind.
 */
function listenForInterrupts(controller: AbortController, output: DemoOutput): () => void {
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      firstAt = Date.now();
      output.say('interrupt', `${signal}: stopping everything the demo started (Ctrl-C again to kill it all at once)`);
      controller.abort(new Error(signal));
      return;
    }
    if (Date.now() - firstAt < REPEAT_WINDOW_MS) return;
    killAll();
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', killAll);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

const REPEAT_WINDOW_MS = 1_000;

function killAll(): void {
  for (const service of liveServices) service.killGroup();
}

/** A run id that sorts by time and cannot clash with another run's topics or keys. */
function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

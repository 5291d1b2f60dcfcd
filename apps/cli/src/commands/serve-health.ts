import { STANDALONE_DEFAULTS, type StandaloneTuning } from '../serve/standalone-tuning';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args/parse-args';

/** The serve option that bounds how long a full disk may last before liveness fails (docs/standalone.md, "Full disk"). */
export const SERVE_HEALTH_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'failing-liveness-ms',
    takesValue: true,
    description: `liveness (/health/live) fails once writes to the data folder have failed this long without a break, so an orchestrator restarts the server; 0: never (default ${STANDALONE_DEFAULTS.failingLiveMs}); env VIGIL_FAILING_LIVENESS_MS`,
  },
];

/** The health part of the serve tuning from the flag or its variable; a flag wins. */
export function serveHealthTuning(args: ParsedArgs, env: NodeJS.ProcessEnv): Pick<StandaloneTuning, 'failingLiveMs'> {
  const fromFlag = stringOption(args, 'failing-liveness-ms');
  const fromEnv = env['VIGIL_FAILING_LIVENESS_MS']?.trim();
  const found = fromFlag !== undefined ? { text: fromFlag, name: '--failing-liveness-ms' } : fromEnv ? { text: fromEnv, name: 'VIGIL_FAILING_LIVENESS_MS' } : undefined;
  if (found === undefined) return { failingLiveMs: STANDALONE_DEFAULTS.failingLiveMs };
  const value = Number(found.text);
  if (!/^\d+$/.test(found.text) || !Number.isSafeInteger(value)) throw new UsageError(`${found.name} ${found.text}: expected a whole number of milliseconds (0: never)`);
  return { failingLiveMs: value };
}

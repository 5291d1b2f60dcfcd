import { STANDALONE_DEFAULTS, type StandaloneTuning } from '../serve/standalone-tuning';
import { stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args/parse-args';

/**
 * The serve options about state by group, the evaluator's EVALUATOR_GROUP_IDLE_BATCHES,
 * EVALUATOR_GROUP_EXPIRY, EVALUATOR_MAX_GROUPS_PER_TASK and EVALUATOR_REBUILD_MAX_RECORDS under
 * VIGIL_* names, with the same defaults and meanings (docs/evaluator.md, "State by group"), how
 * much evaluated point log stays for replays (docs/standalone.md, "Retention") and how often a
 * step saves the state; a flag wins over its variable.
 */
export const SERVE_STATE_OPTIONS: readonly OptionSpec[] = [
  { name: 'group-idle-batches', takesValue: true, description: "groups no point touched for this many of their task's steps leave memory for the state database; 0 keeps all (default 200); env VIGIL_GROUP_IDLE_BATCHES" },
  { name: 'group-expiry', takesValue: true, description: 'off (default) or quiet: an idle group holding nothing observable is deleted instead of kept; env VIGIL_GROUP_EXPIRY' },
  { name: 'max-groups-per-task', takesValue: true, description: "most groups one task holds; new groups' points beyond are refused and counted (default 1000000); env VIGIL_MAX_GROUPS_PER_TASK" },
  { name: 'rebuild-max-records', takesValue: true, description: 'most point-log records a rebuild of a lost state database reads back; 0 from the log start (default); env VIGIL_REBUILD_MAX_RECORDS' },
  { name: 'point-retention-bytes', takesValue: true, description: 'evaluated point-log bytes kept for replays (--from-serve), in whole 64 MiB segments; 0 deletes each segment once evaluated (default); env VIGIL_POINT_RETENTION_BYTES' },
  {
    name: 'step-interval-ms',
    takesValue: true,
    description: 'least time between two evaluation steps unless a whole step of points waits: a longer one saves each changed group less often, and writes events up to that much later (default 1000); env VIGIL_STEP_INTERVAL_MS',
  },
];

/** The state-by-group and point-retention part of the serve tuning from the flags and the environment. */
export function serveStateTuning(args: ParsedArgs, env: NodeJS.ProcessEnv): Pick<StandaloneTuning, 'groups' | 'rebuildMaxRecords' | 'pointRetentionBytes' | 'stepIntervalMs'> {
  const defaults = STANDALONE_DEFAULTS.groups;
  const setting = (flag: string, variable: string): { text: string; name: string } | undefined => {
    const fromFlag = stringOption(args, flag);
    if (fromFlag !== undefined) return { text: fromFlag, name: `--${flag}` };
    const fromEnv = env[variable]?.trim();
    return fromEnv === undefined || fromEnv === '' ? undefined : { text: fromEnv, name: variable };
  };
  const count = (flag: string, variable: string, fallback: number, min: number): number => {
    const found = setting(flag, variable);
    if (found === undefined) return fallback;
    const value = Number(found.text);
    if (!/^\d+$/.test(found.text) || !Number.isSafeInteger(value) || value < min) throw new UsageError(`${found.name} ${found.text}: expected a whole number of at least ${min}`);
    return value;
  };
  const expiry = setting('group-expiry', 'VIGIL_GROUP_EXPIRY');
  if (expiry !== undefined && expiry.text !== 'off' && expiry.text !== 'quiet') throw new UsageError(`${expiry.name} ${expiry.text}: expected off or quiet`);
  const rebuild = count('rebuild-max-records', 'VIGIL_REBUILD_MAX_RECORDS', 0, 0);
  return {
    groups: {
      idleBatches: count('group-idle-batches', 'VIGIL_GROUP_IDLE_BATCHES', defaults.idleBatches ?? 200, 0),
      expire: expiry === undefined ? (defaults.expire ?? false) : expiry.text === 'quiet',
      maxGroups: count('max-groups-per-task', 'VIGIL_MAX_GROUPS_PER_TASK', defaults.maxGroups ?? 1_000_000, 1),
    },
    rebuildMaxRecords: rebuild === 0 ? undefined : BigInt(rebuild),
    pointRetentionBytes: count('point-retention-bytes', 'VIGIL_POINT_RETENTION_BYTES', STANDALONE_DEFAULTS.pointRetentionBytes, 0),
    stepIntervalMs: count('step-interval-ms', 'VIGIL_STEP_INTERVAL_MS', STANDALONE_DEFAULTS.stepIntervalMs, 0),
  };
}

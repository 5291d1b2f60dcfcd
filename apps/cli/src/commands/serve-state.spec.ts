import { parseArgs, UsageError } from '../args/parse-args';
import { SERVE_STATE_OPTIONS, serveStateTuning } from './serve-state';

const tuningOf = (argv: string[], env: NodeJS.ProcessEnv = {}) => serveStateTuning(parseArgs(argv, SERVE_STATE_OPTIONS), env);

describe('serveStateTuning', () => {
  it("defaults to the evaluator's: 200 idle steps, no expiry, a million groups, rebuilds from the log start; no point log kept, a step at most once a second", () => {
    expect(tuningOf([])).toEqual({ groups: { idleBatches: 200, expire: false, maxGroups: 1_000_000 }, rebuildMaxRecords: undefined, pointRetentionBytes: 0, stepIntervalMs: 1000 });
  });

  it('reads the VIGIL_* variables, and a flag wins over its variable', () => {
    const env = { VIGIL_GROUP_IDLE_BATCHES: '5', VIGIL_GROUP_EXPIRY: 'quiet', VIGIL_MAX_GROUPS_PER_TASK: '100', VIGIL_REBUILD_MAX_RECORDS: '1000', VIGIL_POINT_RETENTION_BYTES: '1073741824', VIGIL_STEP_INTERVAL_MS: '5000' };
    expect(tuningOf([], env)).toEqual({ groups: { idleBatches: 5, expire: true, maxGroups: 100 }, rebuildMaxRecords: 1000n, pointRetentionBytes: 1_073_741_824, stepIntervalMs: 5000 });
    const flags = ['--group-idle-batches', '0', '--group-expiry', 'off', '--max-groups-per-task=7', '--rebuild-max-records', '0', '--point-retention-bytes', '0', '--step-interval-ms', '0'];
    expect(tuningOf(flags, env)).toEqual({
      groups: { idleBatches: 0, expire: false, maxGroups: 7 },
      rebuildMaxRecords: undefined,
      pointRetentionBytes: 0,
      stepIntervalMs: 0,
    });
  });

  it.each([
    [['--group-idle-batches', '-1'], '--group-idle-batches -1: expected a whole number of at least 0'],
    [['--max-groups-per-task', '0'], '--max-groups-per-task 0: expected a whole number of at least 1'],
    [['--group-expiry', 'always'], '--group-expiry always: expected off or quiet'],
    [['--point-retention-bytes', '1GiB'], '--point-retention-bytes 1GiB: expected a whole number of at least 0'],
    [['--step-interval-ms', '1.5'], '--step-interval-ms 1.5: expected a whole number of at least 0'],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => tuningOf(argv)).toThrow(new UsageError(message));
  });

  it('names the variable when the bad value came from it', () => {
    expect(() => tuningOf([], { VIGIL_MAX_GROUPS_PER_TASK: 'many' })).toThrow('VIGIL_MAX_GROUPS_PER_TASK many: expected a whole number of at least 1');
  });
});

import { parseArgs, UsageError } from '../args/parse-args';
import { SERVE_STATE_OPTIONS, serveStateTuning } from './serve-state';

const tuningOf = (argv: string[], env: NodeJS.ProcessEnv = {}) => serveStateTuning(parseArgs(argv, SERVE_STATE_OPTIONS), env);

describe('serveStateTuning', () => {
  it("defaults to the evaluator's: 200 idle steps, no expiry, a million groups, rebuilds from the log start", () => {
    expect(tuningOf([])).toEqual({ groups: { idleBatches: 200, expire: false, maxGroups: 1_000_000 }, rebuildMaxRecords: undefined });
  });

  it('reads the VIGIL_* variables, and a flag wins over its variable', () => {
    const env = { VIGIL_GROUP_IDLE_BATCHES: '5', VIGIL_GROUP_EXPIRY: 'quiet', VIGIL_MAX_GROUPS_PER_TASK: '100', VIGIL_REBUILD_MAX_RECORDS: '1000' };
    expect(tuningOf([], env)).toEqual({ groups: { idleBatches: 5, expire: true, maxGroups: 100 }, rebuildMaxRecords: 1000n });
    expect(tuningOf(['--group-idle-batches', '0', '--group-expiry', 'off', '--max-groups-per-task=7', '--rebuild-max-records', '0'], env)).toEqual({
      groups: { idleBatches: 0, expire: false, maxGroups: 7 },
      rebuildMaxRecords: undefined,
    });
  });

  it.each([
    [['--group-idle-batches', '-1'], '--group-idle-batches -1: expected a whole number of at least 0'],
    [['--max-groups-per-task', '0'], '--max-groups-per-task 0: expected a whole number of at least 1'],
    [['--group-expiry', 'always'], '--group-expiry always: expected off or quiet'],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => tuningOf(argv)).toThrow(new UsageError(message));
  });

  it('names the variable when the bad value came from it', () => {
    expect(() => tuningOf([], { VIGIL_MAX_GROUPS_PER_TASK: 'many' })).toThrow('VIGIL_MAX_GROUPS_PER_TASK many: expected a whole number of at least 1');
  });
});

import { DECLARED_UDF_AGENTS } from '@vigil/tick-engine';
import { SERIES_PARTITION_KEYS } from '@vigil/topic-contract';
import { defineTasks } from '../tasks/task-definition';
import { declareRemoteUdfSignatures } from './remote-udf-signatures';

const script = (call: string): string => `dbrp "vigil"."autogen"\nstream\n    |from().measurement('cpu')\n    ${call}\n    |alert().crit(lambda: "avg" > 90.0)\n`;

describe('declareRemoteUdfSignatures', () => {
  afterEach(() => declareRemoteUdfSignatures({}));

  it('lets tasks using the functions compile and build, without any agent to run', () => {
    declareRemoteUdfSignatures({ movingAverage: { wants: 'stream', provides: 'stream', options: { field: ['string'], size: ['int'] } } });
    const [task] = defineTasks([{ name: 'ma', script: script("@movingAverage().field('usage').size(3)") }], SERIES_PARTITION_KEYS);
    expect(task?.pipeline.nodes.map((node) => node.type)).toContain('udf');
    expect(DECLARED_UDF_AGENTS.size).toBe(0);
    expect(Object.keys(DECLARED_UDF_AGENTS.functions)).toEqual(['movingAverage']);
  });

  it('replaces the functions of the call before', () => {
    declareRemoteUdfSignatures({ movingAverage: { wants: 'stream', provides: 'stream', options: {} } });
    declareRemoteUdfSignatures({});
    expect(() => defineTasks([{ name: 'ma', script: script('@movingAverage()') }], SERIES_PARTITION_KEYS)).toThrow('task ma: no user-defined function movingAverage is declared (none is declared)');
  });
});

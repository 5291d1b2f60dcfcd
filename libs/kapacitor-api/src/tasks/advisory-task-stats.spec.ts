import type { NodeStatistics } from '@vigil/evaluation';
import { AdvisoryTaskStats } from './advisory-task-stats';

const NODES: NodeStatistics[] = [{ node: 'stream0', type: 'stream', collected: 3, emitted: 3, processed: 3, avgExecTimeNs: 0, errors: 0, workingCardinality: 0 }];

describe('AdvisoryTaskStats', () => {
  it('answers no figures while the source rejects, warning once per outage', async () => {
    const warnings: string[] = [];
    let down = true;
    const stats = new AdvisoryTaskStats({ statistics: async () => (down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) : NODES) }, (message) => warnings.push(message));

    expect(await Promise.all(['cpu', 'mem', 'disk'].map((task) => stats.statistics(task)))).toEqual([undefined, undefined, undefined]);
    expect(warnings).toEqual(['task statistics unavailable, tasks are shown without stats until they return: connect ECONNREFUSED 127.0.0.1:6379']);

    down = false;
    expect(await stats.statistics('cpu')).toEqual(NODES);
    expect(await stats.statistics('cpu')).toEqual(NODES);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toBe('task statistics available again');

    down = true;
    expect(await stats.statistics('cpu')).toBeUndefined();
    expect(warnings).toHaveLength(3);
  });
});

import { encodeAlertEvent } from '@vigil/core';
import type { DroppedEvent } from '../../runtime/node-runtime';
import { lines, Recorder, scriptTask } from '../../testing/script-harness.test';

class DropRecorder extends Recorder {
  readonly drops: DroppedEvent[] = [];
  readonly eventDropped = (drop: DroppedEvent): void => void this.drops.push(drop);
}

/** `1.0 / "v"` is +Inf for v = 0: the CRITICAL event of that point cannot be encoded. */
const SCRIPT = `stream|from().measurement('m')
  |eval(lambda: 1.0 / "v").as('r').keep()
  |alert().id('a').crit(lambda: "v" == 0.0).post('http://x').topic('t')`;

describe('alert events whose data JSON cannot carry (NaN, infinities)', () => {
  function replay(): DropRecorder {
    const recorder = new DropRecorder();
    const { task } = scriptTask(SCRIPT, recorder);
    for (const point of lines('m v=1 1\nm v=0 2\nm v=4 3')) task.write(point);
    return recorder;
  }

  it('are dropped while the alert state moves on, as Kapacitor drops them', () => {
    const recorder = replay();
    // Only the recovery is emitted (once per topic), and it knows the dropped CRITICAL.
    expect(recorder.events.map((event) => [event.topic, event.level, event.previousLevel])).toEqual([
      ['', 'OK', 'CRITICAL'],
      ['t', 'OK', 'CRITICAL'],
    ]);
    expect(() => recorder.events.map(encodeAlertEvent)).not.toThrow();
  });

  it('are logged once per topic and reported to the observer', () => {
    const recorder = replay();
    expect(recorder.drops).toEqual([
      { node: 'alert3', topic: '', group: '', id: 'a', reason: 'json: unsupported value: +Inf' },
      { node: 'alert3', topic: 't', group: '', id: 'a', reason: 'json: unsupported value: +Inf' },
    ]);
    expect(recorder.logs.filter((entry) => entry.level === 'error').map((entry) => entry.message)).toEqual([
      'failed to marshal alert data json: json: unsupported value: +Inf; alert a (CRITICAL) dropped',
      'failed to marshal alert data json: json: unsupported value: +Inf; alert a (CRITICAL) on topic t dropped',
    ]);
  });

  it('name NaN as Go does', () => {
    const recorder = new DropRecorder();
    const { task } = scriptTask(`stream|from()|eval(lambda: sqrt("v")).as('r')|alert().crit(lambda: TRUE).post('http://x')`, recorder);
    for (const point of lines('m v=-1 1')) task.write(point);
    expect(recorder.drops.map((drop) => drop.reason)).toEqual(['json: unsupported value: NaN']);
  });
});

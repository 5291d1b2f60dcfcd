import { REPLAY_HEADER, type Settlement } from '@vigil/delivery';
import { EVENT_HEADERS } from '@vigil/evaluation';
import { replayLetters, type ReplayLedger } from '@vigil/standalone';
import { letterOf, listedOf } from './dlq-letters.test';

/** A ledger in a Map; a replay only reads it. */
class MapLedger implements ReplayLedger {
  readonly marks = new Map<string, Settlement>();
  async settlement(eventId: string, key: string): Promise<Settlement | undefined> {
    return this.marks.get(`${eventId}/${key}`);
  }
}

type Published = { key: string; value: string; headers: Record<string, string> };

function recorder(): { published: Published[]; publish: (record: Published) => Promise<void> } {
  const published: Published[] = [];
  return { published, publish: async (record) => void published.push(record) };
}

describe('replayLetters', () => {
  it('re-publishes the event of a dead pair as the evaluator wrote it, plus the replay header, and leaves the dead mark', async () => {
    const ledger = new MapLedger();
    ledger.marks.set('ev1/0:post', 'dead');
    const listed = listedOf(letterOf('ev1', 'cpu:host=a', 0));
    const { published, publish } = recorder();
    const reports = await replayLetters([listed], { ledger, publish, dryRun: false });
    expect(reports).toEqual([{ eventId: 'ev1', alertId: 'cpu:host=a', handlerKey: '0:post', outcome: 'replayed' }]);
    expect(ledger.marks.get('ev1/0:post')).toBe('dead');
    expect(published).toEqual([
      {
        key: 'cpu:host=a',
        value: listed.letter.json,
        headers: {
          [EVENT_HEADERS.eventId]: 'ev1',
          [EVENT_HEADERS.task]: 'provider_health',
          [EVENT_HEADERS.node]: 'alert3',
          [EVENT_HEADERS.handlers]: JSON.stringify(listed.letter.handlers),
          [REPLAY_HEADER]: '["0:post"]',
        },
      },
    ]);
  });

  it('skips pairs delivered since, and publishes again a pair still dead (the notifier delivers it once)', async () => {
    const ledger = new MapLedger();
    ledger.marks.set('ev1/0:post', 'dead');
    ledger.marks.set('ev2/0:post', 'delivered');
    const letters = [listedOf(letterOf('ev1', 'a', 0)), listedOf(letterOf('ev2', 'b', 0), 1)];
    const first = recorder();
    const firstReports = await replayLetters(letters, { ledger, publish: first.publish, dryRun: false });
    expect(firstReports.map((report) => [report.eventId, report.outcome])).toEqual([
      ['ev1', 'replayed'],
      ['ev2', 'skipped'],
    ]);
    expect(firstReports[1]).toMatchObject({ why: 'delivered since' });
    expect(first.published.map((record) => record.key)).toEqual(['a']);
    // Run again before the notifier delivered the first replay: a second record goes out, which
    // the notifier skips once the first one is delivered.
    const second = recorder();
    await replayLetters(letters, { ledger, publish: second.publish, dryRun: false });
    expect(second.published.map((record) => record.key)).toEqual(['a']);
    // Once delivered, a replay sends nothing.
    ledger.marks.set('ev1/0:post', 'delivered');
    const third = recorder();
    const thirdReports = await replayLetters(letters, { ledger, publish: third.publish, dryRun: false });
    expect(third.published).toEqual([]);
    expect(thirdReports.map((report) => report.outcome)).toEqual(['skipped', 'skipped']);
  });

  it('replays a pair with no ledger mark (expired, or the notifier died between the letter and the mark)', async () => {
    const ledger = new MapLedger();
    const { published, publish } = recorder();
    const reports = await replayLetters([listedOf(letterOf('ev1', 'a', 0))], { ledger, publish, dryRun: false });
    expect(reports.map((report) => report.outcome)).toEqual(['replayed']);
    expect(published).toHaveLength(1);
  });

  it('changes nothing on a dry run', async () => {
    const ledger = new MapLedger();
    ledger.marks.set('ev1/0:post', 'dead');
    const { published, publish } = recorder();
    const reports = await replayLetters([listedOf(letterOf('ev1', 'a', 0))], { ledger, publish, dryRun: true });
    expect(reports.map((report) => report.outcome)).toEqual(['would-replay']);
    expect(published).toEqual([]);
    expect(ledger.marks.get('ev1/0:post')).toBe('dead');
  });

  it('sends an event once for all its dead handlers, and a pair dead-lettered twice once', async () => {
    const ledger = new MapLedger();
    ledger.marks.set('ev1/0:post', 'dead');
    ledger.marks.set('ev1/1:slack', 'dead');
    const letters = [listedOf(letterOf('ev1', 'a', 0)), listedOf(letterOf('ev1', 'a', 1), 1), listedOf(letterOf('ev1', 'a', 0, { attempts: 6 }), 2)];
    const { published, publish } = recorder();
    const reports = await replayLetters(letters, { ledger, publish, dryRun: false });
    expect(published).toHaveLength(1);
    expect(published[0]?.headers[REPLAY_HEADER]).toBe('["0:post","1:slack"]');
    expect(reports.map((report) => `${report.handlerKey} ${report.outcome}`)).toEqual(['0:post replayed', '1:slack replayed']);
  });

  it('keeps the order of the dead-letter topic across events', async () => {
    const ledger = new MapLedger();
    for (const id of ['ev3', 'ev1', 'ev2']) ledger.marks.set(`${id}/0:post`, 'dead');
    const letters = ['ev3', 'ev1', 'ev2'].map((id, offset) => listedOf(letterOf(id, 'a', 0), offset));
    const { published, publish } = recorder();
    await replayLetters(letters, { ledger, publish, dryRun: false });
    expect(published.map((record) => record.headers[EVENT_HEADERS.eventId])).toEqual(['ev3', 'ev1', 'ev2']);
  });

  it('fails when the publish fails, leaving the ledger as it was so a later replay can try again', async () => {
    const ledger = new MapLedger();
    ledger.marks.set('ev1/0:post', 'dead');
    const publish = async () => {
      throw new Error('broker down');
    };
    await expect(replayLetters([listedOf(letterOf('ev1', 'a', 0))], { ledger, publish, dryRun: false })).rejects.toThrow('broker down');
    expect(ledger.marks.get('ev1/0:post')).toBe('dead');
  });
});

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPLAY_HEADER, type DeadLetter } from '@vigil/delivery';
import { EVENT_HEADERS } from '@vigil/evaluation';
import { sampleDeadLetter } from '@vigil/testing';
import { FileDeadLetterSink } from '../storage/delivery/file-dead-letter.sink';
import { FileDeliveryLedger } from '../storage/delivery/file-delivery-ledger';
import { useTempFolder } from '../storage/files/temp-folder.test';
import type { LogRecord } from '../storage/record-log/log-record';
import { readFileLetters, replayFileLetters } from './file-dead-letters';

/** A letter of a failed post (0:post) or log (1:log) handler; every event has an alert of its own. */
function letterOf(eventId: string, handlerIndex: 0 | 1): DeadLetter {
  return sampleDeadLetter({ eventId, alertId: `cpu:host=${eventId}`, handlerIndex, reason: 'endpoint answered HTTP 400', retryable: false, attempts: 1 });
}

describe('standalone dead letters', () => {
  const folder = useTempFolder('file-dead-letters');

  async function writeLetters(...letters: DeadLetter[]): Promise<string> {
    const path = join(folder(), 'dead-letters.jsonl');
    const sink = await FileDeadLetterSink.open(path);
    for (const letter of letters) await sink.write(letter);
    await sink.close();
    return path;
  }

  it('lists the letters of the file with their line numbers, filtered by event and handler', async () => {
    const path = await writeLetters(letterOf('e1', 0), letterOf('e1', 1), letterOf('e2', 0));
    const all = await readFileLetters(path, {});
    expect(all.map((listed) => [listed.letter.eventId, listed.letter.target.key, listed.line])).toEqual([
      ['e1', '0:post', 1],
      ['e1', '1:log', 2],
      ['e2', '0:post', 3],
    ]);
    expect(all[0]?.key).toBe('cpu:host=e1');
    expect((await readFileLetters(path, { handlerKey: '0:post' })).map((listed) => listed.line)).toEqual([1, 3]);
    expect((await readFileLetters(path, { eventId: 'e1', handlerKey: '1:log' })).map((listed) => listed.line)).toEqual([2]);
  });

  it('leaves out a line the server has not finished writing', async () => {
    const path = await writeLetters(letterOf('e1', 0));
    await writeFile(path, '{"key":"cpu', { flag: 'a' });
    expect(await readFileLetters(path, {})).toHaveLength(1);
  });

  it('appends one event-log record per event naming its dead handlers, and skips a pair delivered since', async () => {
    const path = await writeLetters(letterOf('e1', 0), letterOf('e1', 1), letterOf('e2', 0));
    const ledger = await FileDeliveryLedger.open(join(folder(), 'ledger.log'));
    await ledger.markDead('e1', '0:post');
    await ledger.markDead('e1', '1:log');
    await ledger.markDelivered('e2', '0:post');
    const appended: LogRecord[] = [];
    const events = { append: async (records: readonly LogRecord[]) => void appended.push(...records) };
    const reports = await replayFileLetters({ deadLettersPath: path, ledger, events, filter: {}, dryRun: false });
    expect(reports).toEqual([
      { eventId: 'e1', alertId: 'cpu:host=e1', handlerKey: '0:post', outcome: 'replayed' },
      { eventId: 'e1', alertId: 'cpu:host=e1', handlerKey: '1:log', outcome: 'replayed' },
      { eventId: 'e2', alertId: 'cpu:host=e2', handlerKey: '0:post', outcome: 'skipped', why: 'delivered since' },
    ]);
    expect(appended).toHaveLength(1);
    expect(appended[0]?.key).toBe('cpu:host=e1');
    expect(appended[0]?.value).toBe(letterOf('e1', 0).json);
    expect(appended[0]?.headers[REPLAY_HEADER]).toBe('["0:post","1:log"]');
    expect(appended[0]?.headers[EVENT_HEADERS.eventId]).toBe('e1');
    expect(Object.keys(appended[0]?.headers ?? {}).filter((name) => name.startsWith('vigil-dead-'))).toEqual([]);
    expect(await ledger.settlement('e1', '0:post')).toBe('dead');
    await ledger.close();
  });

  it('appends nothing on a dry run', async () => {
    const path = await writeLetters(letterOf('e1', 0));
    const ledger = await FileDeliveryLedger.open(join(folder(), 'ledger.log'));
    const appended: LogRecord[] = [];
    const reports = await replayFileLetters({ deadLettersPath: path, ledger, events: { append: async (records) => void appended.push(...records) }, filter: {}, dryRun: true });
    expect(reports.map((report) => report.outcome)).toEqual(['would-replay']);
    expect(appended).toEqual([]);
    await ledger.close();
  });
});

import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AlertData, encodeAlertEvent } from '@vigil/core';
import type { DeadLetter } from '@vigil/delivery';
import { useTempFolder } from '../files/temp-folder.test';
import { FileDeadLetterSink } from './file-dead-letter.sink';
import { readDeadLetters } from './read-dead-letters';

const alert: AlertData = {
  id: 'cpu:host=a',
  message: 'cpu is high',
  details: '',
  time: 1_700_000_000_123_456_789n,
  duration: 0n,
  level: 'CRITICAL',
  previousLevel: 'WARNING',
  recoverable: true,
  series: [],
};
const handlers = [
  { kind: 'log', args: ['/tmp/a.log'], options: [] },
  { kind: 'post', args: ['http://hooks.example/x'], options: [] },
];

function letterOf(eventId: string, index: 0 | 1): DeadLetter {
  const instruction = handlers[index] as (typeof handlers)[number];
  return {
    eventId,
    alertId: alert.id,
    task: 'cpu',
    node: 'alert2',
    target: { key: `${index}:${instruction.kind}`, instruction },
    json: encodeAlertEvent(alert),
    handlers,
    topic: 'ops',
    category: 'infra',
    reason: 'endpoint answered HTTP 503\nafter 6 attempts',
    retryable: true,
    attempts: 6,
    firstAttemptMs: 1_700_000_000_200,
    lastAttemptMs: 1_700_000_031_200,
  };
}

describe('FileDeadLetterSink and readDeadLetters', () => {
  const folder = useTempFolder('dead-letters');
  const path = (): string => join(folder(), 'dead-letters.jsonl');

  it('writes one line per letter and reads the letters back in order', async () => {
    const sink = await FileDeadLetterSink.open(path());
    await Promise.all([sink.write(letterOf('ev-1', 1)), sink.write(letterOf('ev-2', 0))]);
    await sink.close();
    expect((await readFile(path(), 'utf8')).split('\n')).toHaveLength(3);
    expect(await readDeadLetters(path())).toEqual([letterOf('ev-1', 1), letterOf('ev-2', 0)]);
  });

  it('reads a missing file as no letters', async () => {
    expect(await readDeadLetters(path())).toEqual([]);
  });

  it('skips an unfinished last line when reading, and cuts it off when a sink opens', async () => {
    const sink = await FileDeadLetterSink.open(path());
    await sink.write(letterOf('ev-1', 1));
    await sink.close();
    await appendFile(path(), '{"key":"cpu');
    expect(await readDeadLetters(path())).toEqual([letterOf('ev-1', 1)]);
    expect(await readFile(path(), 'utf8')).toMatch(/\{"key":"cpu$/);

    const reopened = await FileDeadLetterSink.open(path());
    await reopened.write(letterOf('ev-3', 0));
    await reopened.close();
    expect(await readDeadLetters(path())).toEqual([letterOf('ev-1', 1), letterOf('ev-3', 0)]);
  });

  it('names file and line of a letter that breaks the contract', async () => {
    const sink = await FileDeadLetterSink.open(path());
    await sink.write(letterOf('ev-1', 1));
    await sink.close();
    await appendFile(path(), '{"key":"k","value":"{}","headers":{}}\n');
    await appendFile(path(), (await readFile(path(), 'utf8')).split('\n')[0] + '\n');
    await expect(readDeadLetters(path())).rejects.toThrow(`${path()}:2: corrupt line`);
  });
});

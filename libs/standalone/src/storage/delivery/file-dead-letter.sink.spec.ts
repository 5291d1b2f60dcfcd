import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeadLetter } from '@vigil/delivery';
import { sampleDeadLetter } from '@vigil/testing';
import { useTempFolder } from '../files/temp-folder.test';
import { diskFullSwitch } from '../files/disk-full.test';
import { FileDeadLetterSink } from './file-dead-letter.sink';
import { readDeadLetters } from './read-dead-letters';

function letterOf(eventId: string, handlerIndex: 0 | 1): DeadLetter {
  return sampleDeadLetter({ eventId, handlerIndex, reason: 'endpoint answered HTTP 503\nafter 6 attempts' });
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
    const first = (await readFile(path(), 'utf8')).split('\n')[0] as string;
    await appendFile(path(), '{"key":"k","value":"{}","headers":{}}\n');
    await appendFile(path(), first + '\n');
    await expect(readDeadLetters(path())).rejects.toThrow(`${path()}:2 (byte ${first.length + 1}): corrupt line`);
  });

  it('leaves no part of a letter whose write failed for lack of space, so the retried letter is one clean line', async () => {
    const sink = await FileDeadLetterSink.open(path());
    await sink.write(letterOf('ev-1', 1));
    const disk = await diskFullSwitch();
    try {
      disk.full = true;
      await expect(sink.write(letterOf('ev-2', 0))).rejects.toMatchObject({ code: 'ENOSPC' });
      disk.full = false;
      await sink.write(letterOf('ev-2', 0));
    } finally {
      disk.restore();
    }
    await sink.close();
    expect(await readDeadLetters(path())).toEqual([letterOf('ev-1', 1), letterOf('ev-2', 0)]);
  });
});

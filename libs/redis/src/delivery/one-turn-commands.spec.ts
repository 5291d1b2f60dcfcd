import { describe, expect, it } from 'vitest';
import { OneTurnCommands } from './one-turn-commands';

describe('OneTurnCommands', () => {
  it('issues the commands asked for in separate I/O callbacks of one turn together, in order, after them', async () => {
    const commands = new OneTurnCommands();
    const issued: string[] = [];
    const command = (name: string) => () => {
      issued.push(name);
      return Promise.resolve(name);
    };
    // Two callbacks of one timers phase, as two answers read in one poll phase: a nextTick runs
    // between them, where auto-pipelining alone would have flushed after each.
    const results = await new Promise<Promise<string>[]>((resolve) => {
      const asked: Promise<string>[] = [];
      setTimeout(() => {
        asked.push(commands.run(command('a')));
        process.nextTick(() => issued.push('tick'));
      }, 0);
      setTimeout(() => {
        asked.push(commands.run(command('b')));
        resolve(asked);
      }, 0);
    });
    expect(issued).toEqual(['tick']);
    expect(await Promise.all(results)).toEqual(['a', 'b']);
    expect(issued).toEqual(['tick', 'a', 'b']);
  });

  it('passes on a rejection and a synchronous throw to the caller of that command only', async () => {
    const commands = new OneTurnCommands();
    const rejected = commands.run(() => Promise.reject(new Error('READONLY')));
    const thrown = commands.run((): Promise<string> => {
      throw new Error('connection is closed');
    });
    const fine = commands.run(() => Promise.resolve('OK'));
    await expect(rejected).rejects.toThrow('READONLY');
    await expect(thrown).rejects.toThrow('connection is closed');
    await expect(fine).resolves.toBe('OK');
  });

  it('starts a new turn for commands asked after a flush', async () => {
    const commands = new OneTurnCommands();
    let issued = 0;
    await commands.run(() => Promise.resolve(++issued));
    await commands.run(() => Promise.resolve(++issued));
    expect(issued).toBe(2);
  });
});

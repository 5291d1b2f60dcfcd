import { type DeadLetter, type DeadLetterSink, deadLetterRecordOf } from '@vigil/delivery';
import { DurableAppender } from '../files/durable-appender';
import { GroupCommit } from '../files/group-commit';
import { readLineFile } from '../files/line-file';
import type { TornTail } from '../files/torn-tail';
import type { WriteHealth } from '../health/write-health';
import { decodeRecordLine, encodeRecordLine } from '../record-log/log-record';

/**
 * Dead letters of standalone mode: one JSON line per letter holding the dead-letter topic's record
 * (key, value, headers), so a letter reads back exactly as one from Kafka would. A write resolves
 * once its line is fsynced; concurrent writes share the fsync. A failed write (disk full) leaves
 * nothing in the file, so the scheduler's retry of the letter writes it once.
 */
export class FileDeadLetterSink implements DeadLetterSink {
  private readonly commits = new GroupCommit<string>((lines) => this.append(lines));
  private closed = false;

  private constructor(private readonly appender: DurableAppender) {}

  /** Opens (or creates) the file, cutting off a line torn by a crash so the next one starts clean. */
  static async open(path: string, options: { readonly health?: WriteHealth; readonly onTornTail?: (tail: TornTail) => void } = {}): Promise<FileDeadLetterSink> {
    await readLineFile(path, decodeRecordLine, { repair: true, ...(options.onTornTail ? { onTornTail: options.onTornTail } : {}) });
    return new FileDeadLetterSink(await DurableAppender.open(path, options.health ? { health: options.health } : {}));
  }

  write(letter: DeadLetter): Promise<void> {
    if (this.closed) return Promise.reject(new Error('dead-letter file is closed'));
    return this.commits.submit(encodeRecordLine(deadLetterRecordOf(letter)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.settled();
    await this.appender.close();
  }

  private async append(lines: readonly string[]): Promise<void> {
    await this.appender.append(Buffer.from(lines.join(''), 'utf8'));
  }
}

import { open, type FileHandle } from 'node:fs/promises';
import { type DeadLetter, type DeadLetterSink, deadLetterRecordOf } from '@vigil/delivery';
import { GroupCommit } from '../files/group-commit';
import { readLineFile } from '../files/line-file';
import { decodeRecordLine, encodeRecordLine } from '../record-log/log-record';

/**
 * Dead letters of standalone mode: one JSON line per letter holding the dead-letter topic's record
 * (key, value, headers), so a letter reads back exactly as one from Kafka would. A write resolves
 * once its line is fsynced; concurrent writes share the fsync.
 */
export class FileDeadLetterSink implements DeadLetterSink {
  private readonly commits = new GroupCommit<string>((lines) => this.append(lines));
  private closed = false;

  private constructor(private readonly handle: FileHandle) {}

  /** Opens (or creates) the file, cutting off a line torn by a crash so the next one starts clean. */
  static async open(path: string): Promise<FileDeadLetterSink> {
    await readLineFile(path, decodeRecordLine, { repair: true });
    return new FileDeadLetterSink(await open(path, 'a'));
  }

  write(letter: DeadLetter): Promise<void> {
    if (this.closed) return Promise.reject(new Error('dead-letter file is closed'));
    return this.commits.submit(encodeRecordLine(deadLetterRecordOf(letter)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.commits.settled();
    await this.handle.close();
  }

  private async append(lines: readonly string[]): Promise<void> {
    await this.handle.write(lines.join(''));
    await this.handle.datasync();
  }
}

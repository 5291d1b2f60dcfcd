import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import { constants } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, posix } from 'node:path';
import { isInAllowedDirectory } from '../allowlist/directory-allowlist';
import { isReallyInAllowedDirectory } from '../allowlist/real-directory';
import type { HandlerConfig } from '../handler-config';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { delivered, failed } from '../handler';
import { HandlerOptionError, checkOptionNames, lastOption, stringArg } from '../handler-options';

/**
 * Kapacitor's `.log(path)`: the alert JSON and a newline appended to the file for every event,
 * the file created with mode 0600 unless `.mode()` says otherwise. vigil also creates missing
 * folders so a fresh data directory works, but only below a folder of log.allow, and does not
 * follow a link at the file itself (a link there could point at any file the process can write)
 * nor a folder link that leads out of log.allow.
 */
export class LogHandler implements Handler {
  readonly kind = 'log';

  constructor(
    private readonly path: string,
    private readonly mode: number,
    /** log.allow, checked again through the file system before every write. */
    private readonly allow: readonly string[],
  ) {}

  async send(event: AlertEvent, _context: SendContext): Promise<DeliveryResult> {
    const line = encodeAlertEvent(event) + '\n';
    try {
      const folder = dirname(this.path);
      // Before any folder is created: a link below an allowed folder may point anywhere.
      if (!(await isReallyInAllowedDirectory(this.path, this.allow))) return failed(false, `log file write refused: the folder ${folder} leads outside log.allow through a link`);
      await mkdir(folder, { recursive: true });
      // The mode applies only when the file is created and the process umask still narrows it,
      // as with Kapacitor's os.OpenFile.
      await appendFile(this.path, line, { mode: this.mode, flag: APPEND_NO_FOLLOW });
      return delivered;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // A full disk may clear; a permission or path problem will not fix itself.
      // ELOOP: the file is a link, which O_NOFOLLOW refuses; it will not fix itself.
      const retryable = code === 'ENOSPC' || code === 'EMFILE' || code === 'EAGAIN' || code === 'EBUSY';
      return failed(retryable, `log file write failed: ${typeof code === 'string' ? code : 'error'}`);
    }
  }
}

/** Kapacitor's os.O_WRONLY|os.O_APPEND|os.O_CREATE, plus O_NOFOLLOW. */
const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW;

/** The script's path with `..` resolved as the allowlist resolves it, so the file written is the file checked. */
function logPathOf(instruction: HandlerInstruction): string {
  const path = stringArg(instruction, 0, 'the file path');
  if (path === undefined || !isAbsolute(path)) throw new HandlerOptionError(".log() needs an absolute file path, e.g. .log('/var/log/vigil/alerts.log')");
  return posix.normalize(path);
}

/**
 * Refuses a path below no folder of log.allow. Kapacitor appends wherever a task says; vigil
 * refuses by default, since whoever can define a task (or write an alert event) could otherwise
 * append to any file the notifier can write, its own configuration included. The path is
 * compared after `..` is resolved.
 */
export function checkLogInstruction(instruction: HandlerInstruction, config: HandlerConfig): void {
  const path = logPathOf(instruction);
  if (isInAllowedDirectory(path, config.log?.allow)) return;
  throw new HandlerOptionError(`.log('${path}') is not allowed: vigil appends only to files below folders listed in the handler configuration; add its folder to log.allow`);
}

export function buildLogHandler(instruction: HandlerInstruction, config: HandlerConfig): LogHandler {
  checkOptionNames(instruction);
  checkLogInstruction(instruction, config);
  const path = logPathOf(instruction);
  const modeArgs = lastOption(instruction, 'mode');
  let mode = 0o600;
  if (modeArgs !== undefined) {
    const value = modeArgs[0];
    if (modeArgs.length !== 1 || typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0o777) {
      throw new HandlerOptionError('.log().mode() takes a file mode, e.g. .mode(0644)');
    }
    // Kapacitor refuses a mode the owner cannot write, since every event appends.
    if ((value & 0o200) === 0) throw new HandlerOptionError('.log().mode() must let the owner write, e.g. .mode(0644)');
    mode = value;
  }
  return new LogHandler(path, mode, config.log?.allow ?? []);
}

import { type AlertEvent, type HandlerInstruction, encodeAlertEvent } from '@vigil/core';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import type { DeliveryResult, Handler, SendContext } from '../handler';
import { delivered, failed } from '../handler';
import { HandlerOptionError, checkOptionNames, lastOption, stringArg } from '../handler-options';

/**
 * Kapacitor's `.log(path)`: the alert JSON and a newline appended to the file for every event,
 * the file created with mode 0600 unless `.mode()` says otherwise. vigil also creates missing
 * folders so a fresh data directory works.
 */
export class LogHandler implements Handler {
  readonly kind = 'log';

  constructor(
    private readonly path: string,
    private readonly mode: number,
  ) {}

  async send(event: AlertEvent, _context: SendContext): Promise<DeliveryResult> {
    const line = encodeAlertEvent(event) + '\n';
    try {
      await mkdir(dirname(this.path), { recursive: true });
      // The mode applies only when the file is created and the process umask still narrows it,
      // as with Kapacitor's os.OpenFile.
      await appendFile(this.path, line, { mode: this.mode, flag: 'a' });
      return delivered;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // A full disk may clear; a permission or path problem will not fix itself.
      const retryable = code === 'ENOSPC' || code === 'EMFILE' || code === 'EAGAIN' || code === 'EBUSY';
      return failed(retryable, `log file write failed: ${typeof code === 'string' ? code : 'error'}`);
    }
  }
}

export function buildLogHandler(instruction: HandlerInstruction): LogHandler {
  checkOptionNames(instruction);
  const path = stringArg(instruction, 0, 'the file path');
  if (path === undefined || !isAbsolute(path)) throw new HandlerOptionError(".log() needs an absolute file path, e.g. .log('/var/log/vigil/alerts.log')");
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
  return new LogHandler(path, mode);
}

import { inspect } from 'node:util';

const REDACTED = '[secret]';

/**
 * A password or private key read from the environment or a file. It prints as `[secret]` however
 * it is turned into text (template strings, JSON, `util.inspect`, pino), so a config object that
 * reaches a log line or an error message cannot leak it; only `reveal()` gives the value, and only
 * the client factories call it, where the value is handed to kafkajs or ioredis.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

import { Unsigned } from '@vigil/core';
import type { Message } from '../../runtime/message';
import type { Emit, LogEntry, NodeRuntime, TaskContext } from '../../runtime/node-runtime';
import type { NodeBuilder } from '../../runtime/node-spec';

const LEVELS: Readonly<Record<string, LogEntry['level']>> = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** `|log()`: logs every message it receives (the script asked for it) and passes it on. */
class LogNode implements NodeRuntime {
  constructor(
    readonly name: string,
    private readonly task: TaskContext,
    private readonly level: LogEntry['level'],
    private readonly prefix: string,
  ) {}

  receive(message: Message, emit: Emit): void {
    const text = JSON.stringify(message, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value instanceof Unsigned ? value.value.toString() : value));
    this.task.log({ level: this.level, node: this.name, group: message.group, message: this.prefix === '' ? text : `${this.prefix} ${text}` });
    emit(message);
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {}
}

export const logNodeBuilder: NodeBuilder = {
  type: 'log',
  build: (definition, context) => {
    const levelName = definition.string('level');
    const level = LEVELS[levelName.toUpperCase()];
    if (!level) return definition.fail(`invalid log level ${levelName}: use DEBUG, INFO, WARN or ERROR`, definition.last('level')?.pos);
    return new LogNode(definition.name, context.task, level, definition.string('prefix'));
  },
};

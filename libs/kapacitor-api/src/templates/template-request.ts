import { KAPACITOR_ID } from '../alerts/topic-names';
import { TaskRequestError } from '../http/task-request-error';
import { parseBody } from '../tasks/task-request';
import type { KapacitorTemplate } from './kapacitor-template';

/**
 * Reads the JSON body of Kapacitor's POST or PATCH `/kapacitor/v1/templates` (`kapacitor
 * define-template`) into a template, as `handleCreateTemplate` and `handleUpdateTemplate` do: a
 * PATCH (`current` given) keeps the script when the body has none ("" is Go's zero value);
 * created and modified are set as Kapacitor sets them. The type (`stream` or `batch`) is the
 * script's, as `handleCreateTemplate` takes it from the program; vigil refuses a rename as it
 * refuses one of a task.
 */
export function readTemplateRequest(body: unknown, current: KapacitorTemplate | undefined, now: Date): KapacitorTemplate {
  const request = parseBody(body);
  const id = request['id'] === undefined || request['id'] === '' ? current?.id : request['id'];
  if (typeof id !== 'string' || id === '') throw new TaskRequestError('template id is required');
  checkTemplateId(id);
  if (current && id !== current.id) throw new TaskRequestError('renaming a template is not supported; define it again under the new id');
  const type = request['type'];
  if (type !== undefined && type !== '' && type !== 'stream' && type !== 'batch') throw new TaskRequestError(`invalid template type ${JSON.stringify(type)}: expected "stream" or "batch"`);
  const given = request['script'];
  if (given !== undefined && given !== null && typeof given !== 'string') throw new TaskRequestError('script must be a string');
  const script = typeof given === 'string' && given !== '' ? given : current?.script;
  if (script === undefined || script.trim() === '') throw new TaskRequestError('must provide TICKscript');
  const time = now.toISOString();
  return { id, script, created: current?.created ?? time, modified: time };
}

/**
 * Refuses an id outside Kapacitor's `validTemplateID` (`handleCreateTemplate`), with its message.
 * The id is a Kafka key, a file name in `vigil serve` and a path in a backup archive, so
 * `../x` must never get that far.
 */
export function checkTemplateId(id: string): void {
  if (!KAPACITOR_ID.test(id)) throw new TaskRequestError(`template ID must contain only letters, numbers, '-', '.' and '_'. ${JSON.stringify(id)}`);
}

/** The format of a template record's value; a reader refuses others, so a newer writer is noticed. */
export const TEMPLATE_RECORD_FORMAT = 'vigil.template.v1';

/**
 * A template of Kapacitor's template API as the templates topic keeps it: its id, its script as
 * written, and the RFC 3339 times Kapacitor's `handleCreateTemplate`/`handleUpdateTemplate` set.
 */
export interface TemplateRecord {
  readonly id: string;
  readonly script: string;
  readonly created: string;
  readonly modified: string;
}

/** Thrown for a templates-topic record that is not one `encodeTemplateRecord` wrote. */
export class TemplateRecordError extends Error {
  constructor(key: string, reason: string) {
    super(`template record ${JSON.stringify(key)}: ${reason}`);
    this.name = 'TemplateRecordError';
  }
}

/**
 * The value of a template's record on the templates topic (compacted, one partition): key = the
 * template id, value = this JSON, tombstone = deleted. Ingest writes and reads it; the tasks made
 * from a template carry its script in their own records, so evaluators need only the tasks topic.
 */
export function encodeTemplateRecord(template: TemplateRecord): string {
  return JSON.stringify({ format: TEMPLATE_RECORD_FORMAT, id: template.id, script: template.script, created: template.created, modified: template.modified });
}

/** Reads a template record's value; every field is checked, since it came over Kafka. */
export function decodeTemplateRecord(key: string, value: Buffer | string): TemplateRecord {
  const fields = jsonObject(key, value, (reason) => new TemplateRecordError(key, reason));
  if (fields['format'] !== TEMPLATE_RECORD_FORMAT) throw new TemplateRecordError(key, `unknown format ${JSON.stringify(fields['format'])}`);
  if (fields['id'] !== key) throw new TemplateRecordError(key, 'its id is not its key');
  const { script, created, modified } = fields;
  if (typeof script !== 'string' || typeof created !== 'string' || typeof modified !== 'string') throw new TemplateRecordError(key, '"script", "created" and "modified" must be strings');
  return { id: key, script, created, modified };
}

/** A record value parsed as a JSON object, or the error `fail` makes. */
export function jsonObject(key: string, value: Buffer | string, fail: (reason: string) => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString());
  } catch (error) {
    throw fail(`not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('expected a JSON object');
  return parsed as Record<string, unknown>;
}

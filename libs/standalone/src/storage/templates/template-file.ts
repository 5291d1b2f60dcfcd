import { parseRecordObject, readTime } from '../tasks/task-record';

/**
 * A template as kept in the data folder: its id, its script exactly as written, and the times
 * Kapacitor's `handleCreateTemplate` and `handleUpdateTemplate` set (created once, modified by
 * every update), as RFC 3339 strings.
 */
export interface TemplateFile {
  readonly id: string;
  readonly script: string;
  readonly created: string;
  readonly modified: string;
}

/** Reads `<id>.template.json`; `file` names it in errors. */
export function parseTemplateRecord(file: string, text: string): Pick<TemplateFile, 'created' | 'modified'> {
  const fields = parseRecordObject(file, text);
  return { created: readTime(file, fields, 'created'), modified: readTime(file, fields, 'modified') };
}

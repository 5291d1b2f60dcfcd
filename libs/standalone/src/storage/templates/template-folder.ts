import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { removeFile, replaceFile } from '../files/durable-files';
import { checkTaskName, TaskFolderError } from '../tasks/task-file';
import { readOptional } from '../tasks/optional-file';
import { parseTemplateRecord, type TemplateFile } from './template-file';

const SCRIPT_SUFFIX = '.tick';
const RECORD_SUFFIX = '.template.json';

/**
 * The templates of a standalone server (Kapacitor's `define-template`), in `<data>/templates`:
 * `<id>.tick`, the template's script exactly as written, and `<id>.template.json`, its created
 * and modified times. Which tasks use a template is not kept here: each task's record names its
 * template, so the two can never disagree. Ids follow the task names' file-safe rule.
 *
 * The record is written before the script and removed after it, so a crash leaves either the
 * old template, the new one, or a script with the other's times.
 */
export class TemplateFolder {
  private constructor(readonly folder: string) {}

  static async open(folder: string): Promise<TemplateFolder> {
    await mkdir(folder, { recursive: true });
    return new TemplateFolder(folder);
  }

  /** Every template in id order; a `.tick` whose name is not an id is an error, as in the task folder. */
  async list(): Promise<TemplateFile[]> {
    const scripts = (await readdir(this.folder)).filter((file) => file.endsWith(SCRIPT_SUFFIX)).sort();
    const templates: TemplateFile[] = [];
    for (const file of scripts) {
      const id = file.slice(0, -SCRIPT_SUFFIX.length);
      try {
        checkTaskName(id, 'template id');
      } catch (error) {
        throw new TaskFolderError(`${join(this.folder, file)}: ${(error as Error).message}`, { cause: error });
      }
      const template = await this.get(id);
      if (template) templates.push(template);
    }
    return templates;
  }

  async get(id: string): Promise<TemplateFile | undefined> {
    checkTaskName(id, 'template id');
    const script = await readOptional(this.scriptPath(id));
    if (script === undefined) return undefined;
    const recordText = await readOptional(this.recordPath(id));
    if (recordText === undefined) throw new TaskFolderError(`${this.recordPath(id)}: missing: a template keeps its times beside its script`);
    return { id, script, ...parseTemplateRecord(this.recordPath(id), recordText) };
  }

  async put(template: TemplateFile): Promise<void> {
    checkTaskName(template.id, 'template id');
    await replaceFile(this.recordPath(template.id), `${JSON.stringify({ created: template.created, modified: template.modified })}\n`);
    await replaceFile(this.scriptPath(template.id), template.script);
  }

  /** False when there was no such template. */
  async remove(id: string): Promise<boolean> {
    checkTaskName(id, 'template id');
    const existed = await removeFile(this.scriptPath(id));
    await removeFile(this.recordPath(id));
    return existed;
  }

  scriptPath(id: string): string {
    return join(this.folder, `${id}${SCRIPT_SUFFIX}`);
  }

  recordPath(id: string): string {
    return join(this.folder, `${id}${RECORD_SUFFIX}`);
  }
}

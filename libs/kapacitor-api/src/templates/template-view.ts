import { pipelineToDot } from '@vigil/tick-lang';
import { taskTypeOf } from '../tasks/task-view';
import type { KapacitorTemplate } from './kapacitor-template';
import { compileTemplate, templateVars, type TemplateVar } from './task-template';

/** Kapacitor's `client.Template`, as GET, POST and PATCH of a template answer it. */
export interface TemplateObject {
  readonly link: { readonly rel: 'self'; readonly href: string };
  readonly id: string;
  readonly type: 'stream' | 'batch';
  readonly script: string;
  readonly vars: Readonly<Record<string, TemplateVar>>;
  readonly dot: string;
  readonly error: '';
  readonly created: string;
  readonly modified: string;
}

/** The fields of a template in Kapacitor's list (`allTemplateFields` plus `vars`, which a list gives only when asked). */
export const TEMPLATE_FIELDS = ['link', 'id', 'type', 'script', 'dot', 'error', 'created', 'modified', 'vars'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export const DEFAULT_TEMPLATE_FIELDS: readonly TemplateField[] = TEMPLATE_FIELDS.filter((field) => field !== 'vars');

/**
 * The template as Kapacitor's `convertTemplate` shows it: the script as written (vigil has no
 * formatter, as for tasks), the vars it declares, and the DOT of its pipeline named after it.
 */
export function templateObject(template: KapacitorTemplate): TemplateObject {
  const { pipeline } = compileTemplate(template);
  return {
    link: templateLink(template.id),
    id: template.id,
    type: taskTypeOf(pipeline),
    script: template.script,
    vars: templateVars(template.script),
    dot: pipelineToDot(pipeline, template.id),
    error: '',
    created: template.created,
    modified: template.modified,
  };
}

export function templateListEntry(template: KapacitorTemplate, fields: readonly TemplateField[]): Record<string, unknown> {
  const full: Record<TemplateField, unknown> = { ...templateObject(template) };
  return Object.fromEntries(fields.map((field) => [field, full[field]]));
}

export function templateLink(id: string): TemplateObject['link'] {
  return { rel: 'self', href: `/kapacitor/v1/templates/${id}` };
}

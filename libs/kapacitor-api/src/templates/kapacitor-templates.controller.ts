import { Controller, Delete, Get, Inject, Param, Patch, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answer, answerChange, answerDelete } from '../http/kapacitor-answer';
import { ChangeQueue } from '../http/change-queue';
import { KapacitorErrorFilter } from '../http/kapacitor-error';
import { TASK_CLOCK, type TaskClock } from '../http/task-clock';
import { fieldsOf, pageOfIds, readTaskListQuery, readTaskViewOptions, type QueryValues } from '../http/task-list-query';
import { TaskChangeError } from '../tasks/task-change-error';
import { TEMPLATE_STORE, type TemplateStore } from '../tasks/task-store';
import type { KapacitorTemplate } from './kapacitor-template';
import { readTemplateRequest } from './template-request';
import { DEFAULT_TEMPLATE_FIELDS, TEMPLATE_FIELDS, templateListEntry, templateObject } from './template-view';

/**
 * Kapacitor's template API (`/kapacitor/v1/templates`, `task_store/service.go`), so that
 * `kapacitor define-template`, `list templates`, `show-template`, `delete templates` and
 * `define -template` work against `vigil serve`. Updating a template rewrites and reloads the
 * tasks defined from it; deleting one leaves its tasks running, as in Kapacitor.
 */
@Controller('kapacitor/v1/templates')
@UseFilters(KapacitorErrorFilter)
export class KapacitorTemplatesController {
  /**
   * Creates run one at a time, from the "already exists" check through the store's answer, as
   * Kapacitor's `handleCreateTask` relies on its storage's Create refusing an existing id: two
   * creates of one new id arriving together must not both succeed.
   */
  private readonly creates = new ChangeQueue();

  constructor(
    @Inject(TEMPLATE_STORE) private readonly catalog: TemplateStore,
    @Inject(TASK_CLOCK) private readonly now: TaskClock,
  ) {}

  /** Kapacitor's list: `pattern`, `offset`, `limit`, `fields` and `script-format`, as for tasks. */
  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, () => {
      const query = readTaskListQuery(request.query as QueryValues);
      const templates = new Map(this.catalog.templates().map((template) => [template.id, template]));
      const ids = pageOfIds([...templates.keys()], query);
      const fields = ids.length === 0 ? [] : fieldsOf(query.fields, TEMPLATE_FIELDS, DEFAULT_TEMPLATE_FIELDS);
      return { templates: ids.flatMap((id) => templates.get(id) ?? []).map((template) => templateListEntry(template, fields)) };
    });
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, () => {
      const template = this.catalog.template(id);
      if (!template) throw new TaskChangeError('no template exists', true);
      readTaskViewOptions(request.query as QueryValues);
      return templateObject(template);
    });
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, () => {
      const template = readTemplateRequest(request.body, undefined, this.now());
      return this.creates.run(async () => {
        if (this.catalog.template(template.id)) throw new TaskChangeError(`template ${template.id} already exists`);
        await this.catalog.defineTemplate(template);
        return templateObject(template);
      });
    });
  }

  /** `kapacitor define-template` of an existing template sends a PATCH; its tasks are updated with it. */
  @Patch(':id')
  async update(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(reply, () => {
      const current = this.catalog.template(id);
      if (!current) throw new TaskChangeError('template does not exist, cannot update', true);
      return readTemplateRequest(request.body, current, this.now());
    });
  }

  /** 204 whether or not the template existed, as in Kapacitor. */
  @Delete(':id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await answerDelete(reply, async () => {
      if (this.catalog.template(id)) await this.catalog.removeTemplate(id);
    });
  }

  private async change(reply: FastifyReply, read: () => KapacitorTemplate): Promise<void> {
    await answerChange(reply, read, (template) => this.catalog.defineTemplate(template), templateObject);
  }
}

import { Controller, Delete, Get, Inject, Optional, Param, Patch, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KapacitorTask } from './kapacitor-task';
import { TASK_STORE, type TaskStore } from './task-store';
import { TaskChangeError } from './task-change-error';
import { answer, answerChange, answerDelete } from '../http/kapacitor-answer';
import { ChangeQueue } from '../http/change-queue';
import { KapacitorErrorFilter, sendKapacitorError } from '../http/kapacitor-error';
import { TASK_CLOCK, type TaskClock } from '../http/task-clock';
import { pageOfIds, queryValue, readTaskListQuery, readTaskViewOptions, selectedFields, type QueryValues } from '../http/task-list-query';
import { readTaskRequest } from './task-request';
import { TaskRequestError } from '../http/task-request-error';
import { taskListEntry, taskObject } from './task-view';
import { TASK_OUTPUTS, type TaskOutputsSource } from './task-outputs';
import { TASK_STATS, withStatistics, type TaskStatsSource } from './task-stats-view';

/**
 * Kapacitor's task API (`/kapacitor/v1/tasks`) over a mode's TaskStore, so that the `kapacitor`
 * CLI and scripts written for Kapacitor's HTTP API can define, list, show, enable, disable and
 * delete stream tasks. A defined task is validated as `vigil check` validates it, kept by the
 * store (`vigil serve`'s data folder, the distributed mode's tasks topic), and runs from the next
 * points on while it is enabled, as in Kapacitor. Answers and error messages follow Kapacitor's
 * `task_store/service.go`; every error is `{"error": "..."}` in either mode.
 */
@Controller('kapacitor/v1/tasks')
@UseFilters(KapacitorErrorFilter)
export class KapacitorTasksController {
  /**
   * Creates run one at a time, from the "already exists" check through the store's answer, as
   * Kapacitor's `handleCreateTask` relies on its storage's Create refusing an existing id: two
   * creates of one new id arriving together must not both succeed.
   */
  private readonly creates = new ChangeQueue();

  constructor(
    @Inject(TASK_STORE) private readonly catalog: TaskStore,
    @Inject(TASK_CLOCK) private readonly now: TaskClock,
    @Optional() @Inject(TASK_STATS) private readonly stats?: TaskStatsSource,
    @Optional() @Inject(TASK_OUTPUTS) private readonly outputs?: TaskOutputsSource,
  ) {}

  /**
   * Kapacitor's list: the tasks whose id matches `pattern`, in id order, a page of `offset` and
   * `limit`, with the `fields` asked for. The CLI's `list`, `enable`, `disable`, `reload` and
   * `delete tasks <pattern>` act on exactly what this returns.
   */
  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, async () => {
      const query = readTaskListQuery(request.query as QueryValues);
      const tasks = new Map(this.catalog.list().map((task) => [task.name, task]));
      const ids = pageOfIds([...tasks.keys()], query);
      const fields = ids.length === 0 ? [] : selectedFields(query.fields);
      const listed = ids.flatMap((id) => tasks.get(id) ?? []);
      return { tasks: await Promise.all(listed.map((task) => withStatistics(task, taskListEntry(task, fields), this.stats, query.dotView === 'labels'))) };
    });
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, async () => {
      const task = this.catalog.get(id);
      if (!task) throw new TaskChangeError('no task exists', true);
      const query = request.query as QueryValues;
      const { dotView } = readTaskViewOptions(query);
      // vigil runs no replays, so every replay id is one Kapacitor would not find running.
      const replay = queryValue(query, 'replay-id');
      if (replay !== '') throw new TaskRequestError(`no running replay with ID: ${replay}`);
      return withStatistics(task, taskObject(task), this.stats, dotView === 'labels');
    });
  }

  /**
   * What the task's `|httpOut(endpoint)` node published: the latest row of each group. Kapacitor
   * mounts the route while the task runs, so an unknown, disabled or endpoint-less task gets its
   * router's 404 `Not Found`.
   */
  @Get(':id/:endpoint')
  async output(@Param('id') id: string, @Param('endpoint') endpoint: string, @Res() reply: FastifyReply): Promise<void> {
    const body = await this.outputs?.output(id, endpoint);
    if (body === undefined) return sendKapacitorError(reply, 404, 'Not Found');
    await reply.status(200).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answer(reply, () => {
      const task = readTaskRequest(request.body, undefined, this.now(), (template) => this.catalog.template(template));
      return this.creates.run(async () => {
        if (this.catalog.get(task.name)) throw new TaskChangeError(`task ${task.name} already exists`);
        await this.catalog.define(task);
        return taskObject(task);
      });
    });
  }

  /** `kapacitor define` of an existing task, `kapacitor enable` and `kapacitor disable` send a PATCH. */
  @Patch(':id')
  async update(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(reply, () => {
      const current = this.catalog.get(id);
      if (!current) throw new TaskChangeError('task does not exist, cannot update', true);
      return readTaskRequest(request.body, current, this.now(), (template) => this.catalog.template(template));
    });
  }

  /** Deleting a task that does not exist succeeds, as Kapacitor's `deleteTask` ignores ErrNoTaskExists. */
  @Delete(':id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    await answerDelete(reply, async () => {
      if (this.catalog.get(id)) await this.catalog.remove(id);
    });
  }

  private async change(reply: FastifyReply, read: () => KapacitorTask): Promise<void> {
    await answerChange(reply, read, (task) => this.catalog.define(task), taskObject);
  }
}

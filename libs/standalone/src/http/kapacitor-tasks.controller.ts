import { Controller, Delete, Get, Inject, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { TaskVars } from '@vigil/evaluation';
import { compileTickScript, pipelineToDot } from '@vigil/tick-lang';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TaskFile, TaskStatus } from '../storage/tasks/task-file';
import { TaskCatalog, TaskChangeError } from '../tasks/task-catalog';
import { readTaskRequest, TaskRequestError } from './task-request';

/**
 * Kapacitor's task API (`/kapacitor/v1/tasks`) over the standalone server's tasks, so that
 * `kapacitor define` and scripts written for Kapacitor's HTTP API can define, list and delete
 * stream tasks. A defined task is validated as `vigil check` validates it, kept in the data
 * folder, and runs from the next points on while it is enabled, as in Kapacitor.
 */
@Controller('kapacitor/v1/tasks')
export class KapacitorTasksController {
  constructor(@Inject(TaskCatalog) private readonly catalog: TaskCatalog) {}

  @Get()
  list(): { tasks: TaskView[] } {
    return { tasks: this.catalog.list().map(taskView) };
  }

  @Get(':id')
  async get(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const task = this.catalog.get(id);
    if (task) await reply.send(taskView(task));
    else await sendError(reply, 404, `no task exists named ${id}`);
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(reply, async () => {
      const task = readTaskRequest(request.body, undefined);
      if (this.catalog.get(task.name)) throw new TaskChangeError(`task ${task.name} already exists`);
      return task;
    });
  }

  /** `kapacitor define` of an existing task, `kapacitor enable` and `kapacitor disable` send a PATCH. */
  @Patch(':id')
  async update(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.change(reply, async () => {
      const current = this.catalog.get(id);
      if (!current) throw new TaskChangeError(`no task exists named ${id}`, true);
      return readTaskRequest(request.body, current);
    });
  }

  @Delete(':id')
  async remove(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    try {
      await this.catalog.remove(id);
      await reply.status(204).send();
    } catch (error) {
      await answerError(reply, error);
    }
  }

  private async change(reply: FastifyReply, read: () => Promise<TaskFile>): Promise<void> {
    try {
      const task = await read();
      await this.catalog.define(task);
      // Kapacitor answers a define with 200 and the task, on POST as on PATCH.
      await reply.status(200).send(taskView(task));
    } catch (error) {
      await answerError(reply, error);
    }
  }
}

/** The fields of Kapacitor's task object that vigil has; stats and times are left out. */
interface TaskView {
  readonly link: { readonly rel: 'self'; readonly href: string };
  readonly id: string;
  readonly type: 'stream';
  readonly dbrps: readonly { readonly db: string; readonly rp: string }[];
  readonly script: string;
  readonly vars: TaskVars;
  readonly dot: string;
  readonly status: TaskStatus;
  readonly executing: boolean;
  readonly error: '';
}

function taskView(task: TaskFile): TaskView {
  const { pipeline } = compileTickScript(task.script, task.vars === undefined ? {} : { vars: task.vars });
  return {
    link: { rel: 'self', href: `/kapacitor/v1/tasks/${task.name}` },
    id: task.name,
    type: 'stream',
    dbrps: pipeline.dbrps.map((dbrp) => ({ db: dbrp.database, rp: dbrp.retentionPolicy })),
    script: task.script,
    vars: task.vars ?? {},
    dot: pipelineToDot(pipeline, task.name),
    status: task.status,
    executing: task.status === 'enabled',
    error: '',
  };
}

async function answerError(reply: FastifyReply, error: unknown): Promise<void> {
  if (error instanceof TaskRequestError) return sendError(reply, 400, error.message);
  if (error instanceof TaskChangeError) return sendError(reply, error.missing ? 404 : 400, error.message);
  throw error;
}

/** Kapacitor answers errors as `{"error": "..."}`. */
async function sendError(reply: FastifyReply, status: number, message: string): Promise<void> {
  await reply.status(status).header('Content-Type', 'application/json').send(JSON.stringify({ error: message }));
}

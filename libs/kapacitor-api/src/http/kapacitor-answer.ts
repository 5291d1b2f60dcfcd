import type { FastifyReply } from 'fastify';
import { TaskChangeError } from '../tasks/task-change-error';
import { sendKapacitorError } from './kapacitor-error';
import { TaskRequestError } from './task-request-error';

/** Sends what `produce` returns with 200, or the error it throws as Kapacitor answers it. */
export async function answer(reply: FastifyReply, produce: () => unknown): Promise<void> {
  let body: unknown;
  try {
    body = await produce();
  } catch (error) {
    return answerError(reply, error);
  }
  await reply.status(200).send(body);
}

export async function answerError(reply: FastifyReply, error: unknown): Promise<void> {
  if (error instanceof TaskRequestError) return sendKapacitorError(reply, 400, error.message);
  if (error instanceof TaskChangeError) return sendKapacitorError(reply, error.missing ? 404 : 400, error.message);
  throw error;
}

/**
 * Answers a change as Kapacitor answers a define: 200 with the object as it now is, on POST as
 * on PATCH; `read` refuses the request, `apply` makes the change durable and live.
 */
export async function answerChange<T>(reply: FastifyReply, read: () => T, apply: (change: T) => Promise<void>, view: (change: T) => unknown): Promise<void> {
  await answer(reply, async () => {
    const change = read();
    await apply(change);
    return view(change);
  });
}

/**
 * Answers a delete with 204 whether or not the object existed, as Kapacitor's store deletes a
 * missing key without error (`deleteTask` ignores ErrNoTaskExists; a template's key is simply gone).
 */
export async function answerDelete(reply: FastifyReply, remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!(error instanceof TaskChangeError && error.missing)) return answerError(reply, error);
  }
  await reply.status(204).send();
}

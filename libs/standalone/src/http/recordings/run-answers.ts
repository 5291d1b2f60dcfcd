import type { FastifyReply } from 'fastify';
import { RunRequestError } from '../../recordings/recording-service';
import type { RecordingInfo, ReplayInfo } from '../../recordings/recording-store';
import { JsonBodyError } from '@vigil/kapacitor-api';
import { answerError, sendKapacitorError } from '@vigil/kapacitor-api';

export const recordingObject = (recording: RecordingInfo): Record<string, unknown> => ({ link: { rel: 'self', href: `/kapacitor/v1/recordings/${recording.id}` }, ...recording });
/** A replay as Kapacitor shows it: `stats` empty until it finished (and for one saved before vigil kept them). */
export const replayObject = (replay: ReplayInfo): Record<string, unknown> => ({ link: { rel: 'self', href: `/kapacitor/v1/replays/${replay.id}` }, ...replay, stats: replay.status === 'finished' ? (replay.stats ?? {}) : {} });

/** Sends a recording or replay as Kapacitor does: 202 while it runs, 200 once done. */
export async function sendRun(reply: FastifyReply, run: { readonly status: string }, body: Record<string, unknown>): Promise<void> {
  await reply.status(run.status === 'running' ? 202 : 200).send(body);
}

/** The refusals of the recording and replay routes, as Kapacitor answers them. */
export async function sendRunError(reply: FastifyReply, error: unknown): Promise<void> {
  if (error instanceof RunRequestError) return sendKapacitorError(reply, error.status, error.message);
  if (error instanceof JsonBodyError) return sendKapacitorError(reply, 400, error.message);
  return answerError(reply, error);
}

/** A JSON object body, or a JsonBodyError. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new JsonBodyError('invalid request json: expected a JSON object');
  return body as Record<string, unknown>;
}

/** An optional string member of a request body. */
export function stringMember(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new JsonBodyError(`invalid request json: ${name} must be a string`);
  return value;
}


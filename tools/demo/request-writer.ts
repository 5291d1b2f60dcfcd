import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderRequest } from './demo-scenario';

export interface RequestWriterOptions {
  /** vigil's InfluxDB write endpoint with its query, e.g. `http://127.0.0.1:9100/write?db=vigil&rp=autogen`. */
  readonly writeUrl: string;
  /** Longest pause between two requests; the pause follows the gap of the points' times up to this. */
  readonly maxPauseMs: number;
  readonly signal: AbortSignal;
  /** Called just before a request is sent, so its line prints before the alert it causes. */
  readonly onWriting: (request: ProviderRequest) => void;
}

export class WriteRefusedError extends Error {}

/**
 * Writes the provider requests one per HTTP request, in order, as a monitored application would
 * report them: each waits for vigil's 204 (the point is durable) before the next, so the points
 * of one provider reach the task in the order they happened. The pauses replay the gaps between
 * the points' times (capped), which makes the alerts arrive the way they would live.
 */
export async function writeRequests(requests: readonly ProviderRequest[], options: RequestWriterOptions): Promise<void> {
  let previous: ProviderRequest | undefined;
  for (const request of requests) {
    if (previous !== undefined) await sleep(pauseMs(previous, request, options.maxPauseMs), undefined, { signal: options.signal });
    previous = request;
    options.onWriting(request);
    await writeOne(request.line, options);
  }
}

/** The gap between the two points' times, up to `maxMs`; half of `maxMs` when a line has no time. */
function pauseMs(previous: ProviderRequest, next: ProviderRequest, maxMs: number): number {
  if (previous.timeNs === undefined || next.timeNs === undefined) return maxMs / 2;
  return Math.max(0, Math.min(Number((next.timeNs - previous.timeNs) / 1_000_000n), maxMs));
}

/** 503 means "not durable yet, try again" (ingest answers so while Kafka does not ack); anything else but 204 is a failure. */
async function writeOne(line: string, options: RequestWriterOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(options.writeUrl, { method: 'POST', body: `${line}\n`, signal: options.signal });
    const text = await response.text();
    if (response.status === 204) return;
    if (response.status !== 503 || attempt >= 10) throw new WriteRefusedError(`POST ${options.writeUrl} answered ${response.status}: ${text.trim() || '(no body)'}`);
    await sleep(1_000, undefined, { signal: options.signal });
  }
}

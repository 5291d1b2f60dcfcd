import { randomUUID } from 'node:crypto';
import type { Redis } from '../redis-client.factory';

export interface RequestQueueKeys {
  /** The list requests wait in, oldest first. */
  readonly requests: string;
  /** A request's answer is pushed to this prefix plus the request's id. */
  readonly replyPrefix: string;
}

/**
 * How an `ask` ended: `answered`; `taken`, a worker popped the request but no answer came in time
 * (it may still run, or have run); `not-taken`, the request was taken back from the queue unread,
 * so no worker runs it.
 */
export type AskOutcome = { readonly kind: 'answered'; readonly answer: string } | { readonly kind: 'taken' } | { readonly kind: 'not-taken' };

/** How long an answer nobody collected stays in Redis. */
const REPLY_TTL_MS = 60_000;
/** How long a worker blocks on the empty queue before it looks at its stop flag again. */
const POLL_SECONDS = 1;

/**
 * Request and answer between services over Redis lists, for the rare calls one service makes to
 * another (ingest asking a notifier to run a service test). A request is `<id>\n<text>` pushed on
 * the requests list; one worker pops it (BLPOP, so each request goes to one worker), answers on
 * the list `<replyPrefix><id>`, which the asker pops (BLPOP) and which expires after a minute.
 * Each side blocks on a connection of its own (`duplicate()`), since a blocked connection can
 * carry nothing else. One key per command, so it works on a Redis Cluster too.
 *
 * A request nobody took within the asker's time is taken back (LREM), so a worker that starts
 * later does not run it. When LREM finds nothing, a worker popped it (perhaps just after the
 * wait ended), and the asker hears `taken`, not `not-taken`: the request may run. A worker that
 * popped it and then crashed, or answered too late, leaves the asker with no answer: the request
 * ran at most once.
 */
export class RedisRequestQueue {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RequestQueueKeys,
  ) {}

  /** Sends one request and waits up to `timeoutMs` for its answer; says whether a worker took it when none came. */
  async ask(request: string, timeoutMs: number): Promise<AskOutcome> {
    const id = randomUUID();
    const entry = `${id}\n${request}`;
    const reply = this.keys.replyPrefix + id;
    const blocking = this.redis.duplicate();
    try {
      await this.redis.rpush(this.keys.requests, entry);
      const popped = await blocking.blpop(reply, Math.max(timeoutMs, 10) / 1000);
      if (popped !== null) return { kind: 'answered', answer: popped[1] };
      if ((await this.redis.lrem(this.keys.requests, 1, entry)) > 0) return { kind: 'not-taken' };
      // A worker popped it after all: its answer may have come between the wait's end and LREM.
      const late = await this.redis.lpop(reply);
      return late === null ? { kind: 'taken' } : { kind: 'answered', answer: late };
    } finally {
      blocking.disconnect();
    }
  }

  /**
   * Answers requests one at a time with `answer` until `stop` resolves. An answer that throws
   * is not sent (the asker times out); `onError` hears of it.
   */
  serve(answer: (request: string) => Promise<string>, onError: (error: unknown) => void): { stop(): Promise<void> } {
    const blocking = this.redis.duplicate();
    let stopping = false;
    const loop = (async () => {
      while (!stopping) {
        let popped: [string, string] | null;
        try {
          popped = await blocking.blpop(this.keys.requests, POLL_SECONDS);
        } catch (error) {
          if (stopping) continue;
          onError(error);
          // Redis is away: wait before asking again rather than spin on the error.
          await new Promise((resolve) => setTimeout(resolve, POLL_SECONDS * 1000));
          continue;
        }
        if (popped === null) continue;
        const [id, request] = splitEntry(popped[1]);
        try {
          const reply = this.keys.replyPrefix + id;
          await this.redis.multi().rpush(reply, await answer(request)).pexpire(reply, REPLY_TTL_MS).exec();
        } catch (error) {
          onError(error);
        }
      }
    })();
    return {
      stop: async () => {
        stopping = true;
        blocking.disconnect();
        await loop;
      },
    };
  }
}

function splitEntry(entry: string): [string, string] {
  const newline = entry.indexOf('\n');
  return newline < 0 ? [entry, ''] : [entry.slice(0, newline), entry.slice(newline + 1)];
}

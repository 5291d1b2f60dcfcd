import type { SideloadReloadMessage } from '@vigil/topic-contract';

/** The warning a failed check writes; pino's Logger has it. */
export interface CatchUpLog {
  warn(fields: object, message: string): void;
}

/**
 * The generation of sideload reloads an evaluator has applied, against the deployment's counter
 * that ingest raises before each reload message: a message missed while the subscriber was
 * reconnecting (or published before it subscribed) shows as a counter ahead of the applied
 * generation at the next `check`, which then reloads once for all the missed ones.
 */
export class SideloadReloadCatchUp {
  private applied = 0;

  constructor(
    /** The counter now (0 before the first reload). */
    private readonly readGeneration: () => Promise<number>,
    private readonly reload: (message: SideloadReloadMessage) => void,
    private readonly log: CatchUpLog,
  ) {}

  /** At start the tasks are built from the files as they are now: the current generation is applied. */
  async start(): Promise<void> {
    this.applied = Math.max(this.applied, await this.readGeneration());
  }

  /** A message heard on the channel: always reloads (an old ingest sends no generation). */
  heard(message: SideloadReloadMessage): void {
    if (message.generation !== undefined) this.applied = Math.max(this.applied, message.generation);
    this.reload(message);
  }

  /** Reloads when the counter is ahead; a failed read is logged and left to the next check. */
  async check(): Promise<void> {
    let generation: number;
    try {
      generation = await this.readGeneration();
    } catch (error) {
      this.log.warn({ err: error }, 'sideload reload: could not read the reload generation from Redis; checking again later');
      return;
    }
    if (generation <= this.applied) return;
    this.applied = generation;
    this.reload({ id: `missed reloads up to generation ${generation}`, generation });
  }
}

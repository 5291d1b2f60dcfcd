/**
 * Issues the commands asked for during one turn of the event loop together, from one
 * setImmediate, so that an auto-pipelining connection writes them as one pipeline.
 *
 * Auto-pipelining alone flushes on process.nextTick, which runs after every I/O callback: in a
 * burst each HTTP answer arrives in its own callback, so each ledger mark went out as its own
 * socket write and came back as its own read (~12 % of a notifier's CPU in a burst). The answers
 * read in one poll phase now share one write; a command waits at most until the end of that
 * phase, well under a millisecond. Works the same on a Cluster, whose auto-pipelining groups the
 * commands by node.
 */
export class OneTurnCommands {
  private queued: (() => void)[] = [];
  private scheduled = false;

  run<T>(command: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push(() => {
        try {
          command().then(resolve, reject);
        } catch (error) {
          reject(error as Error);
        }
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  private readonly flush = (): void => {
    const commands = this.queued;
    this.queued = [];
    this.scheduled = false;
    for (const command of commands) command();
  };
}

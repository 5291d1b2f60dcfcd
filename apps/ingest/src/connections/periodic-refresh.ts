/**
 * Runs `round` every `intervalMs` without stacking rounds up: one still running when the next is
 * due (a slow broker) makes that one a no-op. The timer alone never keeps the process alive.
 */
export class PeriodicRefresh {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly intervalMs: number,
    private readonly round: () => Promise<void>,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round now, unless one is running. */
  async run(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      await this.round();
    } finally {
      this.inFlight = false;
    }
  }
}

import { FifoQueue } from './fifo-queue';

/**
 * One FIFO of (event, handler) pairs that share an alert id and a handler key. A lane works on
 * one pair at a time, retries included, so one alert's events reach one handler in the order
 * they were produced (Kapacitor's per-alert ordering); different lanes never wait for each other.
 */
export class Lane<Job> {
  private readonly jobs = new FifoQueue<Job>();
  private running: Promise<void> | undefined;

  /** `work` must not reject: a lane has nobody to report to, the job's own promise does that. */
  constructor(
    private readonly work: (job: Job) => Promise<void>,
    private readonly onIdle: () => void,
  ) {}

  push(job: Job): void {
    this.jobs.push(job);
    this.running ??= this.drain();
  }

  /** Resolves when the lane has nothing left to do. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    for (let job = this.jobs.take(); job !== undefined; job = this.jobs.take()) await this.work(job);
    this.running = undefined;
    this.onIdle();
  }
}

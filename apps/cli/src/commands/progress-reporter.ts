import type { CommandIo } from './command-io';

/** Draws "points, points/s" on a terminal's stderr at most a few times a second during long replays. */
export class ProgressReporter {
  private done = 0;
  private readonly startedMs: number;
  private lastDrawMs: number;

  constructor(private readonly io: CommandIo, private readonly total: number) {
    this.startedMs = io.nowMs();
    this.lastDrawMs = this.startedMs;
  }

  advance(): void {
    this.done++;
    if (!this.io.stderrIsTerminal || (this.done & 0x3fff) !== 0) return;
    const now = this.io.nowMs();
    if (now - this.lastDrawMs < 250) return;
    this.lastDrawMs = now;
    this.draw(now);
  }

  finish(): void {
    if (!this.io.stderrIsTerminal || this.done === 0) return;
    this.draw(this.io.nowMs());
    this.io.stderr('\n');
  }

  private draw(now: number): void {
    const seconds = Math.max((now - this.startedMs) / 1000, 1e-3);
    const rate = Math.round(this.done / seconds);
    this.io.stderr(`\rreplayed ${this.done}/${this.total} points, ${rate} points/s`);
  }
}

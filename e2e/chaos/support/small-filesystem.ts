import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tmpfs of a few MiB mounted for one scenario, so a data folder can run out of space without
 * filling the machine's disk. Mounting needs root (or CAP_SYS_ADMIN); `mount` says why when it
 * cannot, and the scenario reports that instead of a figure.
 */
export class SmallFilesystem {
  private filler: string | undefined;

  private constructor(readonly dir: string) {}

  static mount(sizeMiB: number): SmallFilesystem {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-chaos-tmpfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', dir], { stdio: 'pipe' });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8').trim() ?? '';
      throw new Error(`cannot mount a ${sizeMiB} MiB tmpfs for the data folder (needs root): ${stderr || String(error)}`);
    }
    return new SmallFilesystem(dir);
  }

  /** Writes a file until the filesystem answers ENOSPC: no byte is left for the data folder. */
  fill(): void {
    this.filler = join(this.dir, 'chaos-filler');
    const fd = openSync(this.filler, 'w');
    try {
      for (const chunk of [Buffer.alloc(1 << 20), Buffer.alloc(4096), Buffer.alloc(1)]) {
        try {
          for (;;) writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Deletes the filler: the space is back. */
  free(): void {
    if (this.filler !== undefined) rmSync(this.filler, { force: true });
    this.filler = undefined;
  }

  unmount(): void {
    execFileSync('umount', ['-l', this.dir], { stdio: 'pipe' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

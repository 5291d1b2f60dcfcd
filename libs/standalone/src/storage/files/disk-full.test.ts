import { open, type FileHandle } from 'node:fs/promises';

type Write = FileHandle['write'];

/** An error as the kernel reports it, with its code. */
export function errnoError(code: 'ENOSPC' | 'EIO'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, write`), { code, errno: code === 'ENOSPC' ? -28 : -5, syscall: 'write' });
}

/**
 * Makes every FileHandle write fail as a full disk does while `full` is on: half the bytes reach
 * the file, then the write rejects with ENOSPC (or `code`). With `short`, as a nearly full
 * filesystem does, each write takes half of what it is given and says so in its byte count, until
 * one of a single byte fails. Real files, real truncation: only the kernel's refusal is simulated.
 * Restore with `restore()`.
 */
export async function diskFullSwitch(code: 'ENOSPC' | 'EIO' = 'ENOSPC', short = false): Promise<{ full: boolean; restore: () => void }> {
  const probe = await open(__filename, 'r');
  const prototype = Object.getPrototypeOf(probe) as { write: Write };
  await probe.close();
  const original = prototype.write;
  const state = {
    full: false,
    restore: () => {
      prototype.write = original;
    },
  };
  prototype.write = async function (this: FileHandle, ...args: unknown[]) {
    if (!state.full) return (original as (...a: unknown[]) => unknown).apply(this, args);
    const [buffer, offset = 0, length, position] = args as [Buffer | string, number?, number?, number?];
    const bytes = typeof buffer === 'string' ? Buffer.from(buffer) : buffer;
    const half = Math.floor((length ?? bytes.length - offset) / 2);
    const written = await (original as (...a: unknown[]) => Promise<{ bytesWritten: number }>).call(this, bytes, offset, half, position);
    if (short && half > 0) return { bytesWritten: written.bytesWritten, buffer: bytes };
    throw errnoError(code);
  } as Write;
  return state;
}

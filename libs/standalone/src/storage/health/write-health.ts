/**
 * Where the data folder's writers report how their writes end, so that one place can tell the
 * server's readiness and liveness and log a failure once when it starts and once when it ends,
 * never per write. `part` names what failed (a log folder or a file), the same on every call.
 */
export interface WriteHealth {
  failed(part: string, error: unknown): void;
  succeeded(part: string): void;
}

/** For writers nobody watches (commands such as `vigil dlq`, tests). */
export const UNWATCHED: WriteHealth = { failed: () => undefined, succeeded: () => undefined };

/** Error codes of a filesystem that is full or over quota: conditions that pass once space is freed. */
const SPACE_CODES: readonly string[] = ['ENOSPC', 'EDQUOT'];

/**
 * Whether a write failed for lack of space, which passes when space is freed, as opposed to an I/O
 * error after which the kernel's cache of the file can no longer be trusted (PostgreSQL stops on a
 * failed fsync for that reason). SQLite reports a full disk as SQLITE_FULL (13).
 */
export function isSpaceError(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code, errcode } = cause as NodeJS.ErrnoException & { errcode?: number };
    if ((code !== undefined && SPACE_CODES.includes(code)) || errcode === 13) return true;
  }
  return false;
}

/** The error code (ENOSPC, EIO, ...) of a failure or of its first cause that has one, for logs. */
export function errorCodeOf(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const { code } = cause as NodeJS.ErrnoException;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

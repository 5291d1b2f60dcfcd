/** The part of `process` that tells whether the launcher is still there (injectable for tests). */
export interface LauncherChannel {
  readonly channel?: unknown;
  once(event: 'disconnect', listener: () => void): unknown;
}

/**
 * Calls `gone` once when the `vigil` launcher that started this process is gone. The launcher
 * (tools/bin/vigil.cjs) runs the server as a child with an IPC channel; the channel closes when
 * the launcher exits for any reason, SIGKILL included, which no signal handler can see. Without
 * this a killed launcher left the server running, holding the data folder's lock and its port.
 * Returns false when the process has no such channel (started some other way): nothing to watch.
 */
export function onLauncherGone(gone: () => void, launcher: LauncherChannel = process): boolean {
  if (launcher.channel === undefined || launcher.channel === null) return false;
  launcher.once('disconnect', gone);
  return true;
}

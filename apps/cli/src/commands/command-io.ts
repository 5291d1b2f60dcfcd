/** Output channels of a command, injected so that commands can be tested without a process. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are only drawn there). */
  readonly stderrIsTerminal: boolean;
  /** Monotonic milliseconds, for progress rates only. */
  readonly nowMs: () => number;
}

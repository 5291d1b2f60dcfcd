/** One dependency whose state decides readiness, e.g. `kafka-producer` or `redis`. */
export interface ReadinessCheck {
  readonly name: string;
  readonly isReady: () => boolean;
  /**
   * Why the dependency can never recover inside this process (e.g. a Kafka consumer that kafkajs
   * stopped for good), if so: liveness then fails, so the orchestrator restarts the process
   * instead of leaving it unready forever.
   */
  readonly failure?: () => string | undefined;
}

export interface RecoveryReport {
  readonly alive: boolean;
  /** The checks that can no longer recover, with why. */
  readonly failures: Readonly<Record<string, string>>;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
}

/**
 * The set of checks behind `/health/ready`. Checks are synchronous reads of state the
 * connections keep up to date from their own events, so a probe never waits on the network.
 * Once shutdown starts the app reports not ready, so load balancers stop sending work first.
 */
export class Readiness {
  private readonly checks: ReadinessCheck[] = [];
  private shuttingDown = false;

  add(check: ReadinessCheck): void {
    if (this.checks.some((existing) => existing.name === check.name)) {
      throw new Error(`readiness check "${check.name}" is registered twice`);
    }
    this.checks.push(check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** For liveness: alive unless a check says it can never recover; shutting down is not a failure. */
  recovery(): RecoveryReport {
    const failures: Record<string, string> = {};
    for (const check of this.checks) {
      const failure = check.failure?.();
      if (failure !== undefined) failures[check.name] = failure;
    }
    return { alive: Object.keys(failures).length === 0, failures };
  }

  report(): ReadinessReport {
    const checks: Record<string, boolean> = {};
    for (const check of this.checks) checks[check.name] = check.isReady();
    const ready = !this.shuttingDown && this.checks.length > 0 && Object.values(checks).every(Boolean);
    return { ready, checks: this.shuttingDown ? { ...checks, shutdown: false } : checks };
  }
}

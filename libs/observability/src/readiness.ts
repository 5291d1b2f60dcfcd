/** One dependency whose state decides readiness, e.g. `kafka-producer` or `redis`. */
export interface ReadinessCheck {
  readonly name: string;
  readonly isReady: () => boolean;
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

  report(): ReadinessReport {
    const checks: Record<string, boolean> = {};
    for (const check of this.checks) checks[check.name] = check.isReady();
    const ready = !this.shuttingDown && this.checks.length > 0 && Object.values(checks).every(Boolean);
    return { ready, checks: this.shuttingDown ? { ...checks, shutdown: false } : checks };
  }
}

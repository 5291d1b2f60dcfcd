import type { CompiledLambda, LambdaInstance } from '../lambda/compiled-lambda';

/**
 * Hands out the per-group expression instances of a node (`where`, `eval`, `stateCount`, ...).
 * Kapacitor gives every group its own instance so that stateful functions (sigma, count,
 * spread) count per group; a lambda without such functions has no state, so one instance can
 * serve every group, which keeps the per-group memory small.
 */
export class GroupLambda {
  /** The instance every group uses when the lambda is stateless. */
  readonly shared: LambdaInstance | undefined;

  constructor(readonly compiled: CompiledLambda) {
    const probe = compiled.newInstance();
    // An instance reports null as its snapshot when the lambda has no stateful function.
    this.shared = probe.snapshot() === null ? probe : undefined;
  }

  /** A fresh instance for a new group (the shared one when the lambda is stateless). */
  create(): LambdaInstance {
    return this.shared ?? this.compiled.newInstance();
  }

  snapshot(instance: LambdaInstance): unknown {
    return this.shared ? null : instance.snapshot();
  }

  restore(state: unknown): LambdaInstance {
    if (this.shared) return this.shared;
    const instance = this.compiled.newInstance();
    instance.restore(state);
    return instance;
  }
}

export * from './checkpointed-consumer';
export * from './partition-offsets';

export * from './checkpointed-consumer';
export * from './partition-offsets';
export * from './avro-point-decoder';

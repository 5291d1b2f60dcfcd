export * from './point';
export * from './alert-event';
export * from './alert-json';
export * from './point-codec';
export * from './json-point.codec';
// Test fixtures: task scripts shared by the specs of every library (core is below them all).
export * from './fixtures/provider-health-task.fixture';
export * from './fixtures/cpu-batch-task.fixture';

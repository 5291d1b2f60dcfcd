export * from './point';
export * from './alert-event';
export * from './alert-json';
export * from './point-codec';
export * from './json-point.codec';
export * from './provider-health-task.fixture';

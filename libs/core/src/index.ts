export * from './point';
export * from './alert-event';
export * from './alert-json';

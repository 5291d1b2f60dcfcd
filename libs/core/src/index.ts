export * from './point';
export * from './alert-event';

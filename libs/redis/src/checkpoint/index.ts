export * from './redis-checkpoint.store';

export * from './redis-client.factory';
export * from './lua-script';
export * from './checkpoint';
export * from './delivery';
export * from './task-statistics/redis-task-statistics';
export * from './requests/redis-request-queue';
export * from './broadcast/redis-broadcast';
export * from './broadcast/log-level-follower';

export * from './redis-client.factory';
export * from './lua-script';

export * from './file-fields';
export * from './kafka-security';
export * from './redis-security';
export * from './secret';
export * from './tls-material';
export * from './transport-env';
export * from './transport-security';

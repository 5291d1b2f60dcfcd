export * from './logger.factory';
export * from './metrics.registry';
export * from './readiness';
export * from './nest-logger.adapter';
export * from './service-process';
export * from './process-warnings';
export * from './build-info';

export * from './config-error';
export * from './env-fields';
export * from './parse-env';
export * from './service-env';
export * from './transport';
export * from './http-access-env';

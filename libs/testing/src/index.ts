export * from './unique-name';
export * from './wait-for';
export * from './integration-env';
export * from './child-process';
export * from './service-harness';
export * from './service-boot.suite';
export * from './sample-dead-letter';
export * from './provider-health-tick';

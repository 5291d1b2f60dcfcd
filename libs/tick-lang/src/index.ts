export * from './ast';
export * from './pipeline';

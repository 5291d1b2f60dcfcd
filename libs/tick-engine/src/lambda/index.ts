export { DurationValue, LambdaError, TimeValue } from './compiled-lambda';
export type { CompiledLambda, LambdaInstance, LambdaScope, LambdaValue } from './compiled-lambda';
export { compileLambda } from './compile-lambda';
export type { CompileLambdaOptions } from './compile-lambda';
export { formatExpr } from './format-expr';

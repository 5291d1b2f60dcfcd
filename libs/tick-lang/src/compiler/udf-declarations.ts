import type { UdfSignature } from '../catalog/udf-node.catalog';

let declared: Readonly<Record<string, UdfSignature>> = {};

/**
 * Declares the user-defined functions of this process: every compile that is not given `udfs`
 * checks `@name()` against them. A host (vigil serve, the evaluator) declares them once at boot,
 * from the operator's UDF configuration and each function's Info, before it compiles any task:
 * like Kapacitor's UDF service, the functions belong to the server, and every place that compiles
 * a task (the task API, templates, `kapacitor show`) must see the same ones.
 */
export function declareUdfSignatures(signatures: Readonly<Record<string, UdfSignature>>): void {
  declared = { ...signatures };
}

/** The functions this process declared; none until a host declares them. */
export function declaredUdfSignatures(): Readonly<Record<string, UdfSignature>> {
  return declared;
}

import type { ArgSpec, Signature } from './catalog-types';

/** `field string, percentile float` / `[maxInterval duration]` / `tag string|star...`. */
export function formatSignature(signature: Signature): string {
  const parts = signature.args.map((spec) => (spec.optional ? `[${formatArg(spec)}]` : formatArg(spec)));
  if (signature.rest) parts.push(`${formatArg(signature.rest)}...`);
  return parts.join(', ');
}

function formatArg(spec: ArgSpec): string {
  return `${spec.name} ${spec.types.join('|')}`;
}

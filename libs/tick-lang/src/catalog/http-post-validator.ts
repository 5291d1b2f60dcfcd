import type { PipelineNode } from '../pipeline';
import type { ValidationProblem } from './catalog-types';

/** `pipeline/http_post.go`: `HTTPPostNode.validate`, with its messages (the endpoint cases aside). */
export function validateHttpPost(node: PipelineNode): ValidationProblem[] {
  // .endpoint() is refused as unsupported by the catalog, so a URL is the only way to name the target.
  if (node.args.length >= 2) return [{ message: `httpPost expects 0 or 1 arguments, got ${node.args.length}`, pos: node.pos }];
  if (node.args.length === 0) return [{ message: 'must provide url or endpoint', pos: node.pos }];
  for (const call of node.properties) {
    const name = call.args[0];
    if (call.name === 'header' && name?.type === 'string' && name.value.toUpperCase() === 'AUTHENTICATE') return [{ message: "cannot set 'authenticate' header", pos: call.pos }];
  }
  return [];
}

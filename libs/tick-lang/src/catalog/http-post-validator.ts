import type { PipelineNode } from '../pipeline';
import type { ValidationProblem } from './catalog-types';

/** `pipeline/http_post.go`: `HTTPPostNode.validate`, with its messages. */
export function validateHttpPost(node: PipelineNode): ValidationProblem[] {
  const endpoints = node.properties.filter((call) => call.name === 'endpoint');
  if (node.args.length >= 2) return [{ message: `httpPost expects 0 or 1 arguments, got ${node.args.length}`, pos: node.pos }];
  if (endpoints.length > 1) return [{ message: `httpPost expects 0 or 1 endpoints, got ${endpoints.length}`, pos: endpoints[1]?.pos ?? node.pos }];
  if (node.args.length === 0 && endpoints.length === 0) return [{ message: 'must provide url or endpoint', pos: node.pos }];
  if (node.args.length > 0 && endpoints.length > 0) return [{ message: 'only one endpoint and url may be specified', pos: endpoints[0]?.pos ?? node.pos }];
  for (const call of node.properties) {
    const name = call.args[0];
    if (call.name === 'header' && name?.type === 'string' && name.value.toUpperCase() === 'AUTHENTICATE') return [{ message: "cannot set 'authenticate' header", pos: call.pos }];
  }
  return [];
}

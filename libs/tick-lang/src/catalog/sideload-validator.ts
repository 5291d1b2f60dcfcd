import type { PipelineNode } from '../pipeline';
import type { ValidationProblem } from './catalog-types';
import { lastCall } from './node-validators';

/** A URL's scheme as Go's url.Parse reads it: letters, digits, `+-.` after a letter, before the first colon. */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/**
 * The directory of a `file://` sideload source (`file:///etc/sideload` gives `/etc/sideload`),
 * or the problem with the source: Kapacitor's messages where it refuses one (`sideload.go`:
 * `newSideloadNode`; `services/sideload/service.go`: `Source`, `sourceFile`), vigil's where it
 * does not run what Kapacitor would (HTTP sources and named `[[httppost]]` endpoints).
 */
export function sideloadDirectory(source: string): { readonly dir: string } | { readonly problem: string } {
  const scheme = SCHEME.exec(source)?.[1]?.toLowerCase();
  if (scheme === undefined) return { problem: `sideload source ${JSON.stringify(source)} names an endpoint: vigil reads sideload files only from a file:// URL` };
  if (scheme === 'http' || scheme === 'https') return { problem: 'sideload sources over HTTP are not supported by vigil: use a file:// directory' };
  if (scheme !== 'file') return { problem: `unsupported source scheme "${scheme}", must be 'file', 'http', or 'https'` };
  const rest = source.slice(scheme.length + 1);
  // With an authority (file://host/path) the path starts at the next slash; Go's u.Path is decoded.
  // Go reads `file:x/y` as an opaque URL, whose Path is empty.
  let path = rest.startsWith('/') ? rest : '';
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    path = slash === -1 ? '' : rest.slice(slash);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split(/[?#]/)[0] ?? '');
  } catch {
    return { problem: `invalid sideload source ${JSON.stringify(source)}` };
  }
  if (!decoded.startsWith('/')) return { problem: `sideload source path must be absolute "${decoded}"` };
  return { dir: decoded };
}

/** `.source()` is required and must be a `file://` URL with an absolute path. */
export function validateSideload(node: PipelineNode): ValidationProblem[] {
  const call = lastCall(node, 'source');
  const value = call?.args[0];
  if (!call || value?.type !== 'string') return [{ message: 'sideload needs .source() with a file:// directory', pos: node.pos }];
  const checked = sideloadDirectory(value.value);
  return 'problem' in checked ? [{ message: checked.problem, pos: call.pos }] : [];
}

import { isDeepStrictEqual } from 'node:util';

/** A JSON Patch that cannot be read or applied (Kapacitor answers 400). */
export class JsonPatchError extends Error {
  override readonly name = 'JsonPatchError';
}

type Json = unknown;

/**
 * Applies an RFC 6902 JSON Patch (`add`, `remove`, `replace`, `move`, `copy`, `test`) to a copy
 * of `document`, as Kapacitor's PATCH of a topic handler does with evanphx/json-patch. Paths are
 * JSON Pointers (RFC 6901: `~1` is `/`, `~0` is `~`; `-` appends to an array). Written here rather
 * than taken from a library because this one route needs it and no JSON Patch package is a
 * dependency of the workspace.
 */
export function applyJsonPatch(document: Json, patch: unknown): Json {
  if (!Array.isArray(patch)) throw new JsonPatchError('invalid patch json: expected an array of operations');
  let result: Json = structuredClone(document);
  for (const operation of patch as unknown[]) {
    const { op, path, value, from } = (operation ?? {}) as Record<string, unknown>;
    if (typeof path !== 'string') throw new JsonPatchError('invalid patch json: an operation lacks its "path"');
    switch (op) {
      case 'add':
        result = put(result, pointer(path), structuredClone(value), 'add');
        break;
      case 'replace':
        result = put(result, pointer(path), structuredClone(value), 'replace');
        break;
      case 'remove':
        result = remove(result, pointer(path));
        break;
      case 'test':
        if (!isDeepStrictEqual(get(result, pointer(path)), value)) throw new JsonPatchError(`failed to apply patch: testing value ${path} failed`);
        break;
      case 'copy':
      case 'move': {
        if (typeof from !== 'string') throw new JsonPatchError(`failed to apply patch: ${op} needs "from"`);
        const moved = structuredClone(get(result, pointer(from)));
        if (op === 'move') result = remove(result, pointer(from));
        result = put(result, pointer(path), moved, 'add');
        break;
      }
      default:
        throw new JsonPatchError(`invalid patch json: unknown operation ${JSON.stringify(op)}`);
    }
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`failed to apply patch: invalid path ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(document: Json, tokens: readonly string[]): Json {
  let current = document;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[index(current, token, false)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else throw new JsonPatchError(`failed to apply patch: path /${tokens.join('/')} does not exist`);
  }
  return current;
}

function put(document: Json, tokens: readonly string[], value: Json, op: 'add' | 'replace'): Json {
  if (tokens.length === 0) return value;
  const parent = get(document, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) {
    if (op === 'add') parent.splice(last === '-' ? parent.length : index(parent, last, true), 0, value);
    else parent[index(parent, last, false)] = value;
  } else if (isObject(parent)) {
    if (op === 'replace' && !Object.hasOwn(parent, last)) throw new JsonPatchError(`failed to apply patch: path /${tokens.join('/')} does not exist`);
    parent[last] = value;
  } else {
    throw new JsonPatchError(`failed to apply patch: path /${tokens.join('/')} has no parent object`);
  }
  return document;
}

function remove(document: Json, tokens: readonly string[]): Json {
  if (tokens.length === 0) throw new JsonPatchError('failed to apply patch: cannot remove the whole document');
  const parent = get(document, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1] as string;
  if (Array.isArray(parent)) parent.splice(index(parent, last, false), 1);
  else if (isObject(parent) && Object.hasOwn(parent, last)) delete parent[last];
  else throw new JsonPatchError(`failed to apply patch: path /${tokens.join('/')} does not exist`);
  return document;
}

function index(array: readonly unknown[], token: string, insert: boolean): number {
  const position = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : -1;
  if (position < 0 || position > array.length || (!insert && position === array.length)) throw new JsonPatchError(`failed to apply patch: index ${token} out of range`);
  return position;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

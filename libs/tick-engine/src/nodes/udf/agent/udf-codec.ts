import type { Type } from 'protobufjs';
import { udfProtocol } from './udf-schema';
import type { AgentRequest, AgentResponse } from './udf-messages';

/** A frame longer than this is taken as a broken stream rather than buffered. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

const DECODE_OPTIONS = { longs: String, enums: String, defaults: true, arrays: true, objects: true, oneofs: false } as const;

/**
 * The protobuf object of a request or response: its one message under the oneof field's name.
 * Messages with a single value of their own name (`point`, an init or restore outcome) carry it
 * as is; the others are the fields beside `kind`.
 */
function wireObject(message: { readonly kind: string }, wrapped: ReadonlySet<string>): Record<string, unknown> {
  const { kind, ...fields } = message as { kind: string } & Record<string, unknown>;
  if (kind === 'error') return { error: { error: fields['error'] } };
  return { [kind]: wrapped.has(kind) ? fields[kind] : fields };
}

function fromWireObject(decoded: Record<string, unknown>, wrapped: ReadonlySet<string>): { kind: string } & Record<string, unknown> {
  // A Request or Response has only its oneof's fields, and protobufjs sets only the one present.
  const [kind, ...others] = Object.keys(decoded);
  if (kind === undefined || others.length > 0) throw new Error("the message carries none of the protocol's messages");
  const body = decoded[kind] as Record<string, unknown>;
  if (kind === 'error') return { kind, error: body['error'] };
  if (wrapped.has(kind)) return { kind, [kind]: body };
  const fields: { kind: string } & Record<string, unknown> = { kind, ...body };
  if (body['snapshot'] !== undefined) fields['snapshot'] = new Uint8Array(body['snapshot'] as Uint8Array);
  return fields;
}

const WRAPPED_IN_REQUESTS: ReadonlySet<string> = new Set(['begin', 'point', 'end']);
const WRAPPED_IN_RESPONSES: ReadonlySet<string> = new Set(['info', 'init', 'restore', 'begin', 'point', 'end']);

function encode(type: Type, message: { readonly kind: string }, wrapped: ReadonlySet<string>): Uint8Array {
  return type.encodeDelimited(type.fromObject(wireObject(message, wrapped))).finish();
}

/** A request as it goes on the wire: its length as a varint, then the protobuf message. */
export function encodeRequest(request: AgentRequest): Uint8Array {
  return encode(udfProtocol().request, request, WRAPPED_IN_REQUESTS);
}

/** A response as an agent writes it (vigil's own test agent uses this). */
export function encodeResponse(response: AgentResponse): Uint8Array {
  return encode(udfProtocol().response, response, WRAPPED_IN_RESPONSES);
}

export function decodeResponse(body: Uint8Array): AgentResponse {
  const { response } = udfProtocol();
  return fromWireObject(response.toObject(response.decode(body), DECODE_OPTIONS), WRAPPED_IN_RESPONSES) as unknown as AgentResponse;
}

export function decodeRequest(body: Uint8Array): AgentRequest {
  const { request } = udfProtocol();
  return fromWireObject(request.toObject(request.decode(body), DECODE_OPTIONS), WRAPPED_IN_REQUESTS) as unknown as AgentRequest;
}

/**
 * Cuts a byte stream into the bodies of its length-prefixed frames, however the stream's chunks
 * fall: a frame split across chunks is held until it is whole.
 */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Uint8Array[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const bodies: Uint8Array[] = [];
    for (;;) {
      const frame = this.nextFrame();
      if (!frame) break;
      bodies.push(frame);
    }
    return bodies;
  }

  /** Bytes received that do not make a whole frame yet. */
  get buffered(): number {
    return this.pending.length;
  }

  private nextFrame(): Uint8Array | undefined {
    if (this.pending.length === 0) return undefined;
    const reader = udfProtocol().protobuf.Reader.create(this.pending);
    let length: number;
    try {
      length = reader.uint32();
    } catch {
      if (this.pending.length >= 10) throw new Error('a frame length is not a valid varint');
      return undefined;
    }
    if (length > MAX_FRAME_BYTES) throw new Error(`a frame of ${length} bytes is longer than the ${MAX_FRAME_BYTES} vigil accepts`);
    const end = reader.pos + length;
    if (this.pending.length < end) return undefined;
    const body = this.pending.subarray(reader.pos, end);
    this.pending = this.pending.subarray(end);
    return body;
  }
}

/**
 * The UDF agent protocol's messages as vigil handles them in JavaScript: int64 values are decimal
 * strings (as protobufjs gives them with `longs: String`), enums are their names, and a `Request`
 * or `Response` names the one message it carries (`kind`).
 */
export type EdgeTypeName = 'STREAM' | 'BATCH';
export type ValueTypeName = 'BOOL' | 'INT' | 'DOUBLE' | 'STRING' | 'DURATION';

export interface OptionValueMessage {
  readonly type: ValueTypeName;
  readonly boolValue?: boolean;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly stringValue?: string;
  readonly durationValue?: string;
}

export interface OptionMessage {
  readonly name: string;
  readonly values: readonly OptionValueMessage[];
}

export interface InfoMessage {
  readonly wants: EdgeTypeName;
  readonly provides: EdgeTypeName;
  readonly options: Readonly<Record<string, { readonly valueTypes: readonly ValueTypeName[] }>>;
}

export interface AgentPoint {
  readonly time: string;
  readonly name: string;
  readonly database: string;
  readonly retentionPolicy: string;
  readonly group: string;
  readonly dimensions: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly fieldsDouble: Readonly<Record<string, number>>;
  readonly fieldsInt: Readonly<Record<string, string>>;
  readonly fieldsString: Readonly<Record<string, string>>;
  readonly fieldsBool: Readonly<Record<string, boolean>>;
  readonly byName: boolean;
}

export interface BeginBatchMessage {
  readonly name: string;
  readonly group: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly size: string;
  readonly byName: boolean;
}

export interface EndBatchMessage {
  readonly name: string;
  readonly group: string;
  readonly tmax: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly byName: boolean;
}

export interface Outcome {
  readonly success: boolean;
  readonly error: string;
}

export type AgentRequest =
  | { readonly kind: 'info' }
  | { readonly kind: 'init'; readonly options: readonly OptionMessage[]; readonly taskID: string; readonly nodeID: string }
  | { readonly kind: 'keepalive'; readonly time: string }
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'restore'; readonly snapshot: Uint8Array }
  | { readonly kind: 'begin'; readonly begin: BeginBatchMessage }
  | { readonly kind: 'point'; readonly point: AgentPoint }
  | { readonly kind: 'end'; readonly end: EndBatchMessage };

export type AgentResponse =
  | { readonly kind: 'info'; readonly info: InfoMessage }
  | { readonly kind: 'init'; readonly init: Outcome }
  | { readonly kind: 'keepalive'; readonly time: string }
  | { readonly kind: 'snapshot'; readonly snapshot: Uint8Array }
  | { readonly kind: 'restore'; readonly restore: Outcome }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'begin'; readonly begin: BeginBatchMessage }
  | { readonly kind: 'point'; readonly point: AgentPoint }
  | { readonly kind: 'end'; readonly end: EndBatchMessage };

import type { Type } from 'protobufjs';

/**
 * The messages of Prometheus remote_write 1.0 (prometheus/prompb types.proto and remote.proto)
 * that ingest reads. Fields it does not need (metadata, exemplars, histograms) are left out;
 * protobuf skips unknown fields, so bodies carrying them still decode. Label names and values are
 * `string` in Prometheus' schema and read here as `bytes` (the same wire type), so a label that
 * is not UTF-8 is seen and refused instead of being decoded with replacement characters.
 */
const REMOTE_WRITE_PROTO = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; }
message TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
message Label { bytes name = 1; bytes value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
`;

let writeRequest: Promise<Type> | undefined;

/** The WriteRequest type. protobufjs (~45 modules) is loaded with the first remote_write body, not at start: most servers never get one. */
export function writeRequestType(): Promise<Type> {
  writeRequest ??= import('protobufjs').then(({ parse }) => parse(REMOTE_WRITE_PROTO, { keepCase: true }).root.lookupType('prometheus.WriteRequest'));
  return writeRequest;
}

/** A decoded WriteRequest with int64 timestamps as decimal strings. */
export interface WriteRequestMessage {
  readonly timeseries?: readonly {
    readonly labels?: readonly { readonly name?: Uint8Array; readonly value?: Uint8Array }[];
    readonly samples?: readonly { readonly value?: number; readonly timestamp?: string }[];
  }[];
}

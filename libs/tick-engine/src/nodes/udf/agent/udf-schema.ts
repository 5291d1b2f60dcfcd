import { createRequire } from 'node:module';
import type * as Protobuf from 'protobufjs';
import type { Type } from 'protobufjs';

/**
 * The messages of Kapacitor's UDF agent protocol (Kapacitor 1.5.9, `udf/agent/udf.proto`),
 * written out again for protobufjs: the field numbers and types are the wire contract, so they
 * are Kapacitor's; nothing else is taken from that file. vigil sends a `Request` and reads a
 * `Response`, each framed by its length as a protobuf varint.
 */
const UDF_AGENT_SCHEMA = `
syntax = "proto3";
package agent;

enum EdgeType { STREAM = 0; BATCH = 1; }
enum ValueType { BOOL = 0; INT = 1; DOUBLE = 2; STRING = 3; DURATION = 4; }

message InfoRequest {}
message InfoResponse { EdgeType wants = 1; EdgeType provides = 2; map<string, OptionInfo> options = 3; }
message OptionInfo { repeated ValueType valueTypes = 1; }

message InitRequest { repeated Option options = 1; string taskID = 2; string nodeID = 3; }
message Option { string name = 1; repeated OptionValue values = 2; }
message OptionValue {
  ValueType type = 1;
  oneof value { bool boolValue = 2; int64 intValue = 3; double doubleValue = 4; string stringValue = 5; int64 durationValue = 6; }
}
message InitResponse { bool success = 1; string error = 2; }

message SnapshotRequest {}
message SnapshotResponse { bytes snapshot = 1; }
message RestoreRequest { bytes snapshot = 1; }
message RestoreResponse { bool success = 1; string error = 2; }
message KeepaliveRequest { int64 time = 1; }
message KeepaliveResponse { int64 time = 1; }
message ErrorResponse { string error = 1; }

message BeginBatch { string name = 1; string group = 2; map<string, string> tags = 3; int64 size = 4; bool byName = 5; }
message Point {
  int64 time = 1; string name = 2; string database = 3; string retentionPolicy = 4; string group = 5;
  repeated string dimensions = 6; map<string, string> tags = 7;
  map<string, double> fieldsDouble = 8; map<string, int64> fieldsInt = 9; map<string, string> fieldsString = 10;
  map<string, bool> fieldsBool = 12; bool byName = 11;
}
message EndBatch { string name = 1; string group = 2; int64 tmax = 3; map<string, string> tags = 4; bool byName = 5; }

message Request {
  oneof message {
    InfoRequest info = 1; InitRequest init = 2; KeepaliveRequest keepalive = 3; SnapshotRequest snapshot = 4; RestoreRequest restore = 5;
    BeginBatch begin = 16; Point point = 17; EndBatch end = 18;
  }
}
message Response {
  oneof message {
    InfoResponse info = 1; InitResponse init = 2; KeepaliveResponse keepalive = 3; SnapshotResponse snapshot = 4; RestoreResponse restore = 5;
    ErrorResponse error = 6; BeginBatch begin = 16; Point point = 17; EndBatch end = 18;
  }
}
`;

const load = createRequire(__filename);

export interface UdfProtocol {
  readonly protobuf: typeof Protobuf;
  /** What vigil sends an agent. */
  readonly request: Type;
  /** What an agent sends vigil. */
  readonly response: Type;
}

let protocol: UdfProtocol | undefined;

/**
 * protobufjs and the parsed schema, loaded with the first UDF message rather than with the engine:
 * most tasks use no UDF, and an idle `vigil serve` would otherwise hold protobufjs's ~45 modules.
 */
export function udfProtocol(): UdfProtocol {
  if (protocol === undefined) {
    const protobuf = load('protobufjs') as typeof Protobuf;
    const { root } = protobuf.parse(UDF_AGENT_SCHEMA, { keepCase: true });
    protocol = { protobuf, request: root.lookupType('agent.Request'), response: root.lookupType('agent.Response') };
  }
  return protocol;
}

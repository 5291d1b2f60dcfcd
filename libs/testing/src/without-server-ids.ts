/**
 * An alert event's Kapacitor JSON with the ClusterID and ServerID of `.ServerInfo` emptied (where
 * the details render them, HTML-escaped inside the JSON string), as `vigil replay` of a file (the
 * oracle, which runs in no server) renders them: a server renders its own ids, and in the
 * distributed mode each evaluator its own ServerID. The specs of the ids check them directly.
 */
export function withoutServerIds(event: string): string {
  return event.replace(/(\\u0026#34;(?:ClusterID|ServerID)\\u0026#34;:\\u0026#34;)[\w-]*(\\u0026#34;)/g, '$1$2');
}

import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServerInfo } from '@vigil/tick-engine';

/**
 * `.ServerInfo` of alert templates in the distributed mode (docs/evaluator.md, "Cluster and server
 * ids"). ClusterID is the Kafka cluster's id, which every evaluator of the deployment reads alike
 * and which lives as long as the cluster. ServerID is SERVER_ID when set, else a UUID derived from
 * the host name (the pod name) and the probe port (so two evaluators on one machine differ), so an
 * evaluator restarted under the same name keeps its id. The hostname stays Kapacitor's default,
 * `localhost`, as in vigil serve.
 */
export function evaluatorServerInfo(clusterId: string, configuredServerId: string | undefined, port: number, host: string = hostname()): ServerInfo {
  return { hostname: 'localhost', clusterID: clusterId, serverID: configuredServerId ?? nameBasedUuid(`vigil-evaluator/${host}:${port}`) };
}

/** A UUID made from a name (RFC 4122 version 5 layout over SHA-1), the same for the same name. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

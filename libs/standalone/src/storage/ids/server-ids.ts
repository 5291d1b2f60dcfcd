import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { replaceFile } from '../files/durable-files';
import { readOptional } from '../tasks/optional-file';

/** Kapacitor's ClusterID and ServerID: UUIDs made once per data folder and kept there. */
export interface ServerIds {
  readonly clusterId: string;
  readonly serverId: string;
}

/** The files beside the data folder's logs, named as Kapacitor names them in its data dir (`server.go`, `setupIDs`). */
export const CLUSTER_ID_FILE = 'cluster.id';
export const SERVER_ID_FILE = 'server.id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the ids of a data folder, making and saving each one that is missing, as Kapacitor's
 * `setupIDs` does; a file that holds no UUID is an error rather than silently replaced, since
 * the ids name this server in every statistic and alert template. `newId` is injected for tests.
 */
export async function loadServerIds(root: string, newId: () => string = randomUUID): Promise<ServerIds> {
  return { clusterId: await loadId(join(root, CLUSTER_ID_FILE), newId), serverId: await loadId(join(root, SERVER_ID_FILE), newId) };
}

async function loadId(path: string, newId: () => string): Promise<string> {
  const text = await readOptional(path);
  if (text !== undefined) {
    const id = text.trim();
    if (!UUID.test(id)) throw new Error(`${path}: expected a UUID, got ${JSON.stringify(id.slice(0, 40))}`);
    return id;
  }
  const id = newId();
  await replaceFile(path, id);
  return id;
}

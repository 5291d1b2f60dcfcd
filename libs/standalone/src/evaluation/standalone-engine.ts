import type { PostEndpointConfig } from '@vigil/alert-handlers';
import { HttpOutResults, TaskStatisticsBook } from '@vigil/evaluation';
import type { SideloadReload, TaskOutputsSource, TaskStatsSource } from '@vigil/kapacitor-api';
import { createEngineRegistry, type NodeRegistry, SideloadSources, sideloadReloadMessage } from '@vigil/tick-engine';
import type { ServerIds } from '../storage/ids/server-ids';

/**
 * What the server's evaluation shares across its loops (one per set of tasks): the engine's nodes
 * set up with the data folder's ids, so `{{ .ServerInfo.ClusterID }}` and `.ServerID` in alert
 * templates render the same ids across restarts as Kapacitor's do, and the book of the tasks'
 * node statistics that `kapacitor show` reads. The hostname stays Kapacitor's default,
 * `localhost` (its `hostname` setting). `|httpPost().endpoint()` posts to the handler
 * configuration's post.endpoints, as Kapacitor's node posts to its `[[httppost]]` sections.
 * `outputs` holds what the stream tasks' `|httpOut()` nodes publish, `batchOutputs` the batch
 * tasks', each set by its own loop's tasks, for the task API to answer. `sideloads` holds the
 * `|sideload()` sources of the tasks built with the registry, for `POST .../sideload/reload`.
 */
export interface StandaloneEngine {
  readonly ids: ServerIds;
  readonly registry: NodeRegistry;
  readonly statistics: TaskStatisticsBook;
  readonly outputs: HttpOutResults;
  readonly batchOutputs: HttpOutResults;
  readonly sideloads: SideloadSources;
}

export function standaloneEngine(ids: ServerIds, httpPostEndpoints: ReadonlyMap<string, PostEndpointConfig> = new Map()): StandaloneEngine {
  const sideloads = new SideloadSources();
  return { ids, registry: createEngineRegistry({ serverInfo: { clusterID: ids.clusterId, serverID: ids.serverId } }, undefined, httpPostEndpoints, sideloads), sideloads, statistics: new TaskStatisticsBook(), outputs: new HttpOutResults(), batchOutputs: new HttpOutResults() };
}

/** The task API's view of the book: what this process counted for the task, if it runs it. */
export function statisticsSource(engine: StandaloneEngine): TaskStatsSource {
  return { statistics: async (task) => engine.statistics.nodes(task) };
}

/** The task API's view of the `httpOut` results: this process runs every task, so it holds them all. */
export function outputsSource(engine: StandaloneEngine): TaskOutputsSource {
  return { output: async (task, endpoint) => engine.outputs.answer(task, endpoint) ?? engine.batchOutputs.answer(task, endpoint) };
}

/**
 * `POST /kapacitor/v1/sideload/reload` in `vigil serve`: this process runs every task, so it reads
 * their sources itself; one that fails (keeping its old values) fails the request with 500, as
 * Kapacitor's reload does.
 */
export function sideloadReload(engine: StandaloneEngine): SideloadReload {
  return {
    reload: async () => {
      const failures = engine.sideloads.reload();
      return failures.length === 0 ? undefined : { status: 500, message: sideloadReloadMessage(failures) };
    },
  };
}

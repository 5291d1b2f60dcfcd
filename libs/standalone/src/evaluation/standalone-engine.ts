import type { PostEndpointConfig } from '@vigil/alert-handlers';
import { HttpOutResults, TaskStatisticsBook } from '@vigil/evaluation';
import type { TaskOutputsSource, TaskStatsSource } from '@vigil/kapacitor-api';
import { createEngineRegistry, type NodeRegistry } from '@vigil/tick-engine';
import type { ServerIds } from '../storage/ids/server-ids';

/**
 * What the server's evaluation shares across its loops (one per set of tasks): the engine's nodes
 * set up with the data folder's ids, so `{{ .ServerInfo.ClusterID }}` and `.ServerID` in alert
 * templates render the same ids across restarts as Kapacitor's do, and the book of the tasks'
 * node statistics that `kapacitor show` reads. The hostname stays Kapacitor's default,
 * `localhost` (its `hostname` setting). `|httpPost().endpoint()` posts to the handler
 * configuration's post.endpoints, as Kapacitor's node posts to its `[[httppost]]` sections.
 * `outputs` holds what the stream tasks' `|httpOut()` nodes publish, `batchOutputs` the batch
 * tasks', each set by its own loop's tasks, for the task API to answer.
 */
export interface StandaloneEngine {
  readonly ids: ServerIds;
  readonly registry: NodeRegistry;
  readonly statistics: TaskStatisticsBook;
  readonly outputs: HttpOutResults;
  readonly batchOutputs: HttpOutResults;
}

export function standaloneEngine(ids: ServerIds, httpPostEndpoints: ReadonlyMap<string, PostEndpointConfig> = new Map()): StandaloneEngine {
  return { ids, registry: createEngineRegistry({ serverInfo: { clusterID: ids.clusterId, serverID: ids.serverId } }, undefined, httpPostEndpoints), statistics: new TaskStatisticsBook(), outputs: new HttpOutResults(), batchOutputs: new HttpOutResults() };
}

/** The task API's view of the book: what this process counted for the task, if it runs it. */
export function statisticsSource(engine: StandaloneEngine): TaskStatsSource {
  return { statistics: async (task) => engine.statistics.nodes(task) };
}

/** The task API's view of the `httpOut` results: this process runs every task, so it holds them all. */
export function outputsSource(engine: StandaloneEngine): TaskOutputsSource {
  return { output: async (task, endpoint) => engine.outputs.answer(task, endpoint) ?? engine.batchOutputs.answer(task, endpoint) };
}

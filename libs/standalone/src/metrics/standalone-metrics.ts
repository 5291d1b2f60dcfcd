import { DeliveryMetrics } from '@vigil/delivery';
import { EvaluationMetrics } from '@vigil/evaluation';
import { statfs } from 'node:fs/promises';
import { Gauge, type Logger, type Registry } from '@vigil/observability';
import { folderBytes } from './folder-bytes';

/** What the gauges read when scraped. */
export interface StandalonePositions {
  readonly pointLogEnd: () => bigint;
  readonly evaluated: () => bigint;
  readonly eventLogEnd: () => bigint;
  readonly notified: () => bigint;
  /** The data folder, whose size and free space are reported. */
  readonly dataFolder?: string;
}

/**
 * The standalone process's own series beside ingest's `vigil_ingest_*`: evaluation progress and
 * delivery outcomes under the distributed evaluator's and notifier's names and labels (so one
 * dashboard serves both modes: the delivery series are the notifier's own DeliveryMetrics, the
 * engine's signals and step counters the evaluator's EvaluationMetrics), plus how far each reader
 * is behind its log and the data folder's size and free space.
 */
export class StandaloneMetrics extends DeliveryMetrics {
  /** Evaluation errors, dropped events, events, delay, checkpoint age, groups, rebuilds. */
  readonly evaluation: EvaluationMetrics;

  constructor(registry: Registry, positions: StandalonePositions, logger: Logger, nowMs: () => number = Date.now) {
    super(registry, logger, { deadLetterMessage: 'event dead-lettered to dead-letters.jsonl' });
    this.evaluation = new EvaluationMetrics(registry, nowMs);
    const folder = positions.dataFolder;
    if (folder !== undefined) registerFolderGauges(registry, folder);
    new Gauge({
      name: 'vigil_standalone_lag_records',
      help: 'Records of a log not yet processed by its reader: the point log by the evaluator, the event log by the notifier.',
      labelNames: ['log'],
      registers: [registry],
      collect() {
        this.set({ log: 'points' }, Number(positions.pointLogEnd() - positions.evaluated()));
        this.set({ log: 'events' }, Number(positions.eventLogEnd() - positions.notified()));
      },
    });
  }
}

/**
 * The data folder's bytes (every file under it, read at scrape time: a few logs' segments, the
 * state database and small files) and the free space of its file system (statfs: what an
 * unprivileged writer may still use), so disk exhaustion is seen before appends fail.
 */
function registerFolderGauges(registry: Registry, folder: string): void {
  new Gauge({
    name: 'vigil_standalone_data_bytes',
    help: 'Bytes of the files in the data folder (logs, state database, ledger, dead letters, recordings).',
    registers: [registry],
    async collect() {
      this.set(await folderBytes(folder));
    },
  });
  new Gauge({
    name: 'vigil_standalone_data_free_bytes',
    help: "Bytes free for the server on the data folder's file system (statfs bavail times bsize).",
    registers: [registry],
    async collect() {
      const stats = await statfs(folder);
      this.set(stats.bavail * stats.bsize);
    },
  });
}

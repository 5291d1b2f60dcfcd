import { encodeTaskStatisticsRecord, type TaskStatisticsBook } from '@vigil/evaluation';
import { TaskRecordsPublisher, type TaskRecordsPublisherOptions } from './task-records-publisher';

export interface TaskStatisticsPublisherOptions extends TaskRecordsPublisherOptions {
  readonly book: TaskStatisticsBook;
}

/**
 * Publishes this evaluator's node statistics of every task it runs, every interval, for ingest's
 * task API to sum over the evaluators (`kapacitor show`).
 */
export class TaskStatisticsPublisher extends TaskRecordsPublisher {
  constructor(options: TaskStatisticsPublisherOptions) {
    super(options, {
      what: 'task statistics',
      lacking: 'kapacitor show lacks this evaluator',
      records: (atMs) => new Map([...options.book.all()].map(([task, nodes]) => [task, encodeTaskStatisticsRecord({ atMs, nodes })])),
    });
  }
}

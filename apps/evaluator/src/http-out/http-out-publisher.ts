import { encodeHttpOutRecord } from '@vigil/evaluation';
import { TaskRecordsPublisher, type TaskRecordsPublisherOptions } from '../statistics/task-records-publisher';
import type { EvaluatorHttpOut } from './evaluator-http-out';

export interface HttpOutPublisherOptions extends TaskRecordsPublisherOptions {
  readonly results: EvaluatorHttpOut;
}

/**
 * Publishes this evaluator's `httpOut` rows of every task it runs, every interval, under
 * httpOutKeyPrefix(TASKS_TOPIC), for ingest's task API to merge over the evaluators
 * (`GET /kapacitor/v1/tasks/<task>/<endpoint>`). A task whose rows pass the record's bound is
 * logged once until they fit again.
 */
export class HttpOutPublisher extends TaskRecordsPublisher {
  constructor(options: HttpOutPublisherOptions) {
    const cut = new Set<string>();
    super(options, {
      what: 'httpOut rows',
      lacking: "the task API lacks this evaluator's rows",
      records: (atMs) => {
        const records = new Map<string, string>();
        for (const [task, endpoints] of options.results.rows()) {
          const { text, left } = encodeHttpOutRecord(atMs, endpoints);
          records.set(task, text);
          if (left > 0 && !cut.has(task)) options.logger.warn({ task, left }, 'httpOut rows past the published bound are left out; the task API shows the groups that came first');
          if (left > 0) cut.add(task);
          else cut.delete(task);
        }
        return records;
      },
    });
  }
}

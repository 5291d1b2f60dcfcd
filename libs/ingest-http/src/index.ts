export { IngestHttpModule } from './ingest-http.module';
export type { IngestHttpOptions } from './ingest-http.options';
export { createIngestHttpAdapter } from './ingest-http.adapter';
export { PointTooLargeError, SinkPartialWriteError, SinkUnavailableError, type LineSource, type PointSink } from './point-sink';
export { IngestMetrics } from './write/ingest-metrics';
export { OversizedPoints } from './oversized-points';
// The record measure lives in the topic contract; re-exported for the callers that built on it here.
export { headerBytes, KAFKA_DEFAULT_MAX_MESSAGE_BYTES, RECORD_BATCH_OVERHEAD, recordBytes, singleRecordBatchBytes, surelyFits } from '@vigil/topic-contract';

export { IngestHttpModule } from './ingest-http.module';
export type { IngestHttpOptions } from './ingest-http.options';
export { createIngestHttpAdapter } from './ingest-http.adapter';
export { PointTooLargeError, SinkPartialWriteError, SinkUnavailableError, type PointSink } from './point-sink';
export { IngestMetrics } from './write/ingest-metrics';
export {
  headerBytes,
  KAFKA_DEFAULT_MAX_MESSAGE_BYTES,
  OversizedPoints,
  RECORD_BATCH_OVERHEAD,
  recordBytes,
  singleRecordBatchBytes,
  surelyFits,
} from './record-size';

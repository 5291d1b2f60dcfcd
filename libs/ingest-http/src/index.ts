export { IngestHttpModule } from './ingest-http.module';
export type { IngestHttpOptions } from './ingest-http.options';
export { createIngestHttpAdapter } from './ingest-http.adapter';
export { SinkUnavailableError, type PointSink } from './point-sink';

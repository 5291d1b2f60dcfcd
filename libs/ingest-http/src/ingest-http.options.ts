import type { Registry } from '@vigil/observability';
import type { PointSink } from './point-sink';

/** What the write endpoints need from the app that mounts them. */
export interface IngestHttpOptions {
  /** Receives the points of every accepted request. */
  readonly sink: PointSink;
  /** Largest body accepted, on the wire and after un-gzipping (413 beyond). */
  readonly maxBodyBytes: number;
  /** The Retry-After of a 503 answered when the sink is unavailable. */
  readonly retryAfterSeconds: number;
  /** Database and retention policy of remote_write points when `?db=`/`?rp=` are absent. */
  readonly remoteWrite: { readonly database: string; readonly retentionPolicy: string };
  /** The registry `/metrics` renders; the endpoints add their `vigil_ingest_*` series to it. */
  readonly metrics: Registry;
}

/** Injection token of the options inside IngestHttpModule (a plain object needs a token). */
export const INGEST_HTTP_OPTIONS = 'INGEST_HTTP_OPTIONS';

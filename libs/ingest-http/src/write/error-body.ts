/** The JSON body of an error answer, from its HTTP status and message. */
export type ErrorBody = (status: number, message: string) => Record<string, string>;

/**
 * InfluxDB 1.x's shape, `{"error": "..."}`: `/write`, `/kapacitor/v1/write`, remote_write and the
 * JSON endpoint answer it, and 1.x clients (and Kapacitor's own writers) read `error`.
 */
export const influxV1ErrorBody: ErrorBody = (_status, message) => ({ error: message });

/**
 * InfluxDB 2.x's error codes by HTTP status, as its API (`kit/platform/errors`) names them.
 * influxdb-client libraries and Telegraf's `influxdb_v2` output read `code` to decide what to do
 * (drop the batch on `invalid`, retry on `unavailable`) and show `message`.
 */
const V2_CODES: Readonly<Record<number, string>> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  413: 'request too large',
  429: 'too many requests',
  500: 'internal error',
  503: 'unavailable',
};

/**
 * InfluxDB 2.x's shape, `{"code": "...", "message": "..."}`, for `/api/v2/write`. A status without
 * a 2.x code of its own is `internal error` for 5xx and `invalid` otherwise.
 */
export const influxV2ErrorBody: ErrorBody = (status, message) => ({
  code: V2_CODES[status] ?? (status >= 500 ? 'internal error' : 'invalid'),
  message,
});

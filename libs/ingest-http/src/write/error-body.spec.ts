import { influxV1ErrorBody, influxV2ErrorBody } from './error-body';

describe('error bodies', () => {
  it('names InfluxDB 2.x error codes by status', () => {
    const codes = [400, 401, 403, 404, 413, 429, 500, 503].map((status) => influxV2ErrorBody(status, 'm').code);
    expect(codes).toEqual(['invalid', 'unauthorized', 'forbidden', 'not found', 'request too large', 'too many requests', 'internal error', 'unavailable']);
    expect(influxV2ErrorBody(415, 'bad type')).toEqual({ code: 'invalid', message: 'bad type' });
    expect(influxV2ErrorBody(502, 'upstream')).toEqual({ code: 'internal error', message: 'upstream' });
  });

  it('keeps InfluxDB 1.x\'s single error field', () => {
    expect(influxV1ErrorBody(400, 'database is required')).toEqual({ error: 'database is required' });
  });
});

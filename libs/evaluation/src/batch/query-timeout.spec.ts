import { describe, expect, it } from 'vitest';
import { InfluxDBHttpClient, type FetchPort } from './influxdb-http.client';
import { PrometheusHttpClient } from './prometheus-port';

/** A server that never answers: the request ends only when its signal aborts it, as fetch's does. */
const silent: FetchPort = (_url, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
  });

describe('query timeouts', () => {
  it('an InfluxDB that does not answer fails the query with a message naming it', async () => {
    const client = new InfluxDBHttpClient([{ name: 'default', url: 'http://user:secret@db:8086' }], silent, 20);
    await expect(client.query('', 'SELECT 1')).rejects.toThrow('InfluxDB default did not answer within 0.02 s');
  });

  it('a Prometheus that does not answer fails the query with a message naming it', async () => {
    const client = new PrometheusHttpClient([{ name: 'default', url: 'http://prom:9090' }], silent, 20);
    await expect(client.queryRange('', 'up', { start: 0n, stop: 60_000_000_000n }, 0n)).rejects.toThrow('Prometheus default did not answer within 0.02 s');
  });

  it('an answer in time is read as before', async () => {
    const answering: FetchPort = async () => ({ status: 200, text: async () => '{"results":[{"series":[{"name":"cpu","columns":["time","usage"],"values":[["2024-03-01T10:00:00Z",1]]}]}]}' });
    const client = new InfluxDBHttpClient([{ name: 'default', url: 'http://db:8086' }], answering, 20);
    expect(await client.query('', 'SELECT 1')).toEqual([{ name: 'cpu', columns: ['time', 'usage'], values: [['2024-03-01T10:00:00Z', 1]] }]);
  });
});

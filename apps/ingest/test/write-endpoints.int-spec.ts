import { gzipSync } from 'node:zlib';
import { parsePartitionKeys, partitionKeyFor } from '@vigil/topic-contract';
import { partitionForKey } from '@vigil/kafka';
import { ingestPerTest, post, readTopic, type ReadPoint } from './ingest-harness';
import { remoteWriteBody } from './remote-write-body';

/** Points written by ingest, as `name tags fields time` strings for whole-set comparisons. */
function summary(read: readonly ReadPoint[]): string[] {
  return read
    .map(({ point }) => `${point.database}/${point.retentionPolicy} ${point.name} ${JSON.stringify(point.tags)} ${JSON.stringify(point.fields, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}i` : v))} ${point.time}`)
    .sort();
}

/**
 * Every point sits on the partition its own partition key hashes to (the harness's topics have 3
 * partitions), so all points of a key share one; each record is keyed by one of its points' keys.
 */
function expectOnKeyPartitions(read: readonly ReadPoint[], partitionKeys: string): void {
  const keys = parsePartitionKeys(partitionKeys);
  for (const { point, partition, key } of read) {
    expect(partition).toBe(partitionForKey(partitionKeyFor(point, keys), 3));
    expect(read.some((other) => other.partition === partition && partitionKeyFor(other.point, keys) === key)).toBe(true);
  }
}

describe('ingest write endpoints (real Kafka)', () => {
  const start = ingestPerTest();

  it('POST /write writes every line with db, rp, partition key and headers, then answers 204', async () => {
    const ingest = await start({ PARTITION_KEYS: 'cpu=host;*=region' });
    const body = ['cpu,host=a,region=eu usage=1 1000000000', 'cpu,host=b,region=eu usage=2 2000000000', 'cpu,host=a,region=us usage=3 3000000000', 'mem,host=a,region=us used=4i 4000000000'].join('\n');
    const response = await post(`${ingest.base}/write?db=telegraf&rp=weekly`, body, { 'Content-Type': 'text/plain' });
    expect(response).toMatchObject({ status: 204, body: '' });
    const read = await readTopic(ingest.topic, (points) => points.length >= 4);
    expect(summary(read)).toEqual([
      'telegraf/weekly cpu {"host":"a","region":"eu"} {"usage":1} 1000000000',
      'telegraf/weekly cpu {"host":"a","region":"us"} {"usage":3} 3000000000',
      'telegraf/weekly cpu {"host":"b","region":"eu"} {"usage":2} 2000000000',
      'telegraf/weekly mem {"host":"a","region":"us"} {"used":"4i"} 4000000000',
    ]);
    expectOnKeyPartitions(read, 'cpu=host;*=region');
    expect(read.every((entry) => entry.headers['vigil-db'] === 'telegraf' && entry.headers['vigil-rp'] === 'weekly')).toBe(true);
  });

  it('writes a request as one record per partition, keeps each key\'s order, and sends a point line protocol cannot carry as JSON', async () => {
    const ingest = await start({ PARTITION_KEYS: '*=host' });
    const lines = Array.from({ length: 300 }, (_, i) => `cpu,host=h${i % 20} n=${i}i ${i + 1}`);
    // A record starting with '{' would read as a JSON point, so this point goes as JSON.
    lines.splice(150, 0, '{odd,host=h10 n=-1i 151');
    const response = await post(`${ingest.base}/write?db=d`, lines.join('\n'));
    expect(response.status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.length >= 301);
    expect(read).toHaveLength(301);
    expectOnKeyPartitions(read, '*=host');
    const records = new Set(read.map((entry) => `${entry.partition}:${entry.offset}`));
    expect(records.size).toBeLessThanOrEqual(3 + 2);
    for (let host = 0; host < 20; host++) {
      const written = lines.filter((line) => line.includes(`,host=h${host} `));
      const times = read.filter((entry) => entry.point.tags['host'] === `h${host}`).map((entry) => entry.point.time);
      expect(times).toEqual(written.map((line) => BigInt(line.split(' ')[2] as string)));
    }
    expect(read.find((entry) => entry.point.name === '{odd')?.point).toEqual({ database: 'd', retentionPolicy: 'autogen', name: '{odd', tags: { host: 'h10' }, fields: { n: -1n }, time: 151n });
  });

  it('writes a request larger than Kafka\'s 1 MiB batch limit for one partition, in order', async () => {
    const ingest = await start({ PARTITION_KEYS: '*=host' });
    const padding = 'x'.repeat(80);
    const lines = Array.from({ length: 15_000 }, (_, i) => `cpu,host=a note="${padding}",n=${i}i ${i + 1}`);
    expect(lines.join('\n').length).toBeGreaterThan(1_500_000);
    const response = await post(`${ingest.base}/write?db=d`, lines.join('\n'));
    expect(response.status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.length >= 15_000, 60_000);
    expect(read.map((entry) => entry.point.time)).toEqual(lines.map((_, i) => BigInt(i + 1)));
  });

  it('accepts gzip bodies without a content type on /api/v2/write and /kapacitor/v1/write, and checks db', async () => {
    const ingest = await start();
    const v2 = await post(`${ingest.base}/api/v2/write?bucket=metrics/hourly&org=any&precision=s`, gzipSync('disk,host=x free=10 5'), { 'Content-Encoding': 'gzip' });
    expect(v2.status).toBe(204);
    const kapacitor = await post(`${ingest.base}/kapacitor/v1/write?db=kdb&precision=ms`, 'disk,host=y free=20 7', { 'Content-Type': '' });
    expect(kapacitor.status).toBe(204);
    const noDb = await post(`${ingest.base}/write`, 'disk,host=z free=1 1');
    expect({ status: noDb.status, body: JSON.parse(noDb.body) as unknown }).toEqual({ status: 400, body: { error: 'database is required' } });
    const read = await readTopic(ingest.topic, (points) => points.length >= 2);
    expect(summary(read)).toEqual([
      'kdb/autogen disk {"host":"y"} {"free":20} 7000000',
      'metrics/hourly disk {"host":"x"} {"free":10} 5000000000',
    ]);
    expectOnKeyPartitions(read, '');
  });

  it('writes the good lines of a partial write and names the bad ones in InfluxDB\'s error', async () => {
    const ingest = await start();
    const body = ['m,t=1 v=1 1', 'm,t=2 v= 2', 'm,t=3 v=3 3', 'bad line here'].join('\n');
    const response = await post(`${ingest.base}/write?db=d`, body);
    expect(response.status).toBe(400);
    const error = (JSON.parse(response.body) as { error: string }).error;
    expect(error).toMatch(/^partial write: unable to parse 'm,t=2 v= 2': .* \(line 2\)\nunable to parse 'bad line here': .* \(line 4\) dropped=0$/);
    const read = await readTopic(ingest.topic, (points) => points.length >= 2);
    expect(summary(read)).toEqual(['d/autogen m {"t":"1"} {"v":1} 1', 'd/autogen m {"t":"3"} {"v":3} 3']);
    const metrics = await (await fetch(`${ingest.base}/metrics`)).text();
    expect(metrics).toMatch(/^vigil_ingest_points_accepted_total\{endpoint="write",service="ingest"\} 2$/m);
    expect(metrics).toMatch(/^vigil_ingest_points_rejected_total\{endpoint="write",service="ingest"\} 2$/m);
    expect(metrics).toMatch(/^vigil_ingest_kafka_ack_duration_seconds_count\{service="ingest",outcome="acked"\} 1$/m);
  });

  it('turns remote_write samples and /v1/points items into points', async () => {
    const ingest = await start();
    const remote = remoteWriteBody([
      { labels: { __name__: 'up', job: 'node', instance: 'h:9100' }, samples: [{ value: 1, timestampMs: 1_700_000_000_123 }] },
      { labels: { __name__: 'load1', job: 'node' }, samples: [{ value: 0.5, timestampMs: 1_700_000_000_000 }, { value: Number.NaN, timestampMs: 1_700_000_001_000 }] },
    ]);
    const rw = await post(`${ingest.base}/api/v1/write`, remote, { 'Content-Encoding': 'snappy', 'Content-Type': 'application/x-protobuf', 'X-Prometheus-Remote-Write-Version': '0.1.0' });
    expect(rw.status).toBe(204);
    const json = await post(`${ingest.base}/v1/points?db=app`, JSON.stringify([
      { measurement: 'req', tags: { path: '/a' }, fields: { ms: 12.5, n: { int: '3' }, ok: true }, time: '2026-11-21T20:00:00.000000042Z' },
    ]), { 'Content-Type': 'application/json' });
    expect(json.status).toBe(204);
    const badJson = await post(`${ingest.base}/v1/points`, JSON.stringify([{ measurement: 'x', fields: { v: 1 }, time: 1 }, { measurement: 'x', fields: {}, time: 1 }]));
    expect(badJson.status).toBe(400);
    expect(badJson.body).toContain('[1]: fields must be a non-empty object');
    const read = await readTopic(ingest.topic, (points) => points.length >= 3);
    expect(summary(read)).toEqual([
      'app/autogen req {"path":"/a"} {"ms":12.5,"n":"3i","ok":true} 1795291200000000042',
      'prometheus/autogen load1 {"job":"node"} {"value":0.5} 1700000000000000000',
      // Line-protocol records carry tags sorted by key, as InfluxDB stores them.
      'prometheus/autogen up {"instance":"h:9100","job":"node"} {"value":1} 1700000000123000000',
    ]);
  });

  it('answers 413 past MAX_BODY_BYTES (also after gunzip) and 401 for missing or wrong tokens', async () => {
    const ingest = await start({ MAX_BODY_BYTES: '4096', AUTH_TOKENS: 'sesame,other' });
    const url = `${ingest.base}/write?db=d`;
    expect((await post(url, 'm v=1 1')).status).toBe(401);
    expect((await post(url, 'm v=1 1', { Authorization: 'Token nope' })).status).toBe(401);
    expect((await post(`${url}&u=x&p=nope`, 'm v=1 1')).status).toBe(401);
    expect((await post(url, 'm v=1 1', { Authorization: 'Token sesame' })).status).toBe(204);
    expect((await post(`${url}&u=x&p=other`, 'm v=2 2')).status).toBe(204);
    const basic = `Basic ${Buffer.from('user:sesame').toString('base64')}`;
    expect((await post(url, 'm v=3 3', { Authorization: basic })).status).toBe(204);
    const big = Array.from({ length: 400 }, (_, i) => `m v=${i} ${i}`).join('\n');
    expect(big.length).toBeGreaterThan(4096);
    expect((await post(url, big, { Authorization: basic })).status).toBe(413);
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(4096);
    expect((await post(url, zipped, { Authorization: basic, 'Content-Encoding': 'gzip' })).status).toBe(413);
    const read = await readTopic(ingest.topic, (points) => points.length >= 3);
    expect(summary(read)).toEqual(['d/autogen m {} {"v":1} 1', 'd/autogen m {} {"v":2} 2', 'd/autogen m {} {"v":3} 3']);
  });

  it('answers /api/v2/write errors as InfluxDB 2.x does ({code, message}) for a partial write, 401 and 413, and /write in 1.x\'s {error}', async () => {
    const ingest = await start({ MAX_BODY_BYTES: '4096', AUTH_TOKENS: 'sesame' });
    const v2 = `${ingest.base}/api/v2/write?org=ignored&bucket=b&precision=ms`;
    const token = { Authorization: 'Token sesame' };
    const answer = async (url: string, body: string | Buffer, headers: Record<string, string> = token) => {
      const response = await post(url, body, headers);
      return { status: response.status, body: JSON.parse(response.body) as unknown };
    };
    expect(await answer(v2, 'm v=1 1', {})).toEqual({ status: 401, body: { code: 'unauthorized', message: 'unable to parse authentication credentials' } });
    expect(await answer(v2, 'm v=1 1', { Authorization: 'Token nope' })).toEqual({ status: 401, body: { code: 'unauthorized', message: 'authorization failed' } });
    const big = Array.from({ length: 400 }, (_, i) => `m v=${i} ${i}`).join('\n');
    const tooLarge = { code: 'request too large', message: 'request body too large (limit 4096 bytes)' };
    expect(await answer(v2, big)).toEqual({ status: 413, body: tooLarge });
    expect(await answer(v2, gzipSync(big), { ...token, 'Content-Encoding': 'gzip' })).toEqual({ status: 413, body: tooLarge });
    expect(await answer(`${ingest.base}/write?db=d`, big)).toEqual({ status: 413, body: { error: 'request body too large (limit 4096 bytes)' } });
    const partial = await answer(`${ingest.base}/api/v2/write?orgID=0123&bucket=b`, ['m,t=1 v=1 1', 'm,t=2 v= 2'].join('\n'));
    expect(partial).toEqual({ status: 400, body: { code: 'invalid', message: expect.stringMatching(/^partial write: unable to parse 'm,t=2 v= 2': .* \(line 2\) dropped=0$/) } });
    expect(await answer(`${ingest.base}/api/v2/write?bucket=b&precision=u`, 'm v=1 1')).toEqual({ status: 400, body: { code: 'invalid', message: 'invalid precision "u" (expected one of ns, us, ms, s)' } });
    expect((await post(v2, 'm,t=3 v=3 3', token)).status).toBe(204);
    const read = await readTopic(ingest.topic, (points) => points.length >= 2);
    expect(summary(read)).toEqual(['b/autogen m {"t":"1"} {"v":1} 1', 'b/autogen m {"t":"3"} {"v":3} 3000000']);
  });
});

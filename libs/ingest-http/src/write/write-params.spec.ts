import { influxV1Target, influxV2Target } from './write-params';
import { WriteRefusedError } from './write-outcome';

describe('write targets', () => {
  it('reads InfluxDB 1.x db, rp and precision, refusing a missing db as InfluxDB does', () => {
    expect(influxV1Target({ db: 'd', precision: 'ms' })).toEqual({ database: 'd', retentionPolicy: 'autogen', precision: 'ms' });
    expect(influxV1Target({ db: 'd', rp: 'r', consistency: 'all' })).toEqual({ database: 'd', retentionPolicy: 'r', precision: 'n' });
    expect(() => influxV1Target({})).toThrow(new WriteRefusedError(400, 'database is required'));
    expect(() => influxV1Target({ db: 'd', precision: 'us' })).toThrow(/invalid precision/);
  });

  it('splits a v2 bucket into db and rp and accepts only ns, us, ms, s', () => {
    expect(influxV2Target({ bucket: 'db/rp', precision: 'us' })).toEqual({ database: 'db', retentionPolicy: 'rp', precision: 'us' });
    expect(influxV2Target({ bucket: 'db' })).toEqual({ database: 'db', retentionPolicy: 'autogen', precision: 'ns' });
    expect(() => influxV2Target({ bucket: 'db', precision: 'h' })).toThrow(/invalid precision/);
    expect(() => influxV2Target({})).toThrow(/bucket is required/);
  });
});

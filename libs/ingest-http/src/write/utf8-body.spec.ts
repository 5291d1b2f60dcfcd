import { compress } from 'snappyjs';
import { decodeJsonPoints } from '../json-points/json-points.decoder';
import { decodeRemoteWrite } from '../remote-write/remote-write.decoder';
import { writeRequestType } from '../remote-write/remote-write.proto';
import { WriteRefusedError } from './write-outcome';

const target = { database: 'db', retentionPolicy: 'autogen' };

async function refusal(run: () => unknown): Promise<{ status: number; message: string } | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof WriteRefusedError) return { status: error.status, message: error.message };
    throw error;
  }
  return undefined;
}

describe('bodies that are not UTF-8', () => {
  it('refuses a JSON body whole, naming the line and column of the first bad byte', async () => {
    const body = Buffer.concat([Buffer.from('[\n {"measurement":"m","tags":{"t":"é'), Buffer.from([0xff]), Buffer.from('"},"fields":{"v":1},"time":1}\n]')]);
    expect(await refusal(() => decodeJsonPoints(body, target))).toEqual({ status: 400, message: 'body is not valid UTF-8: byte 0xff at line 2, column 35' });
    const good = Buffer.from('[{"measurement":"m","tags":{"t":"é"},"fields":{"v":1},"time":1}]');
    expect(decodeJsonPoints(good, target).points.map((point) => point.tags)).toEqual([{ t: 'é' }]);
  });

  it('refuses a remote_write body whose label is not UTF-8, naming its series, and reads valid labels as before', async () => {
    const writeRequest = await writeRequestType();
    const encode = (value: Uint8Array): Buffer =>
      Buffer.from(
        compress(
          writeRequest.encode({
            timeseries: [
              { labels: [{ name: Buffer.from('__name__'), value: Buffer.from('up') }, { name: Buffer.from('job'), value: Buffer.from('a') }], samples: [{ value: 1, timestamp: 5 }] },
              { labels: [{ name: Buffer.from('__name__'), value: Buffer.from('up') }, { name: Buffer.from('job'), value }], samples: [{ value: 2, timestamp: 6 }] },
            ],
          }).finish(),
        ),
      );
    expect(await refusal(() => decodeRemoteWrite(encode(Buffer.from([0x62, 0xc3])), target, 1 << 20))).toEqual({ status: 400, message: 'timeseries 1: a label is not valid UTF-8' });
    const parsed = await decodeRemoteWrite(encode(Buffer.from('ü')), target, 1 << 20);
    expect(parsed.points.map((point) => [point.name, point.tags, point.fields['value']])).toEqual([
      ['up', { job: 'a' }, 1],
      ['up', { job: 'ü' }, 2],
    ]);
    expect(parsed.positionOf?.(1)).toBe('timeseries 1');
  });
});

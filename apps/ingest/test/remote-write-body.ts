import { compress } from 'snappyjs';

/**
 * A remote_write body built by hand (protobuf wire format written byte by byte, then snappy),
 * independent of the protobufjs schema ingest decodes with.
 */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly samples: readonly { readonly value: number; readonly timestampMs: number }[];
}

export function remoteWriteBody(series: readonly Series[]): Buffer {
  const request = Buffer.concat(series.map((entry) => lengthDelimited(1, encodeSeries(entry))));
  return Buffer.from(compress(request));
}

function encodeSeries(series: Series): Buffer {
  const labels = Object.entries(series.labels).map(([name, value]) =>
    lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(name)), lengthDelimited(2, Buffer.from(value))])),
  );
  const samples = series.samples.map((sample) => {
    const value = Buffer.alloc(9);
    value[0] = (1 << 3) | 1; // field 1, 64-bit
    value.writeDoubleLE(sample.value, 1);
    const timestamp = Buffer.concat([Buffer.from([(2 << 3) | 0]), varint(BigInt(sample.timestampMs))]);
    return lengthDelimited(2, Buffer.concat([value, timestamp]));
  });
  return Buffer.concat([...labels, ...samples]);
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2]), varint(BigInt(payload.length)), payload]);
}

function varint(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Buffer.from(bytes);
}

/** A record as a log keeps it (libs/standalone's LogRecord), and as it reads back. */
export interface RecordLogRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The record log port as the loops use it (libs/standalone's `AppendableLog`), spelled out here so
 * that the suite needs no adapter library: any log with these members runs it.
 */
export interface RecordLogPort {
  start(): bigint;
  end(): bigint;
  append(records: readonly RecordLogRecord[]): Promise<{ first: bigint; next: bigint }>;
  read(from: bigint, max: number): Promise<readonly (RecordLogRecord & { readonly offset: bigint })[]>;
  waitForAppend(after: bigint, signal?: AbortSignal): Promise<bigint>;
}

/** An empty log under test that no other test of the run writes to. */
export interface RecordLogUnderTest {
  readonly log: RecordLogPort;
  /** Opens the same log again (the first one closed, as across a restart); absent for a log in memory. */
  readonly reopen?: () => Promise<RecordLogPort>;
}

function record(n: number): RecordLogRecord {
  return { key: `k${n}`, value: `value ${n}\nwith "quotes" and ünïcode`, headers: { n: String(n), 'vigil-accepted-ms': '1700000000000' } };
}

const offsetsOf = (records: readonly { readonly offset: bigint }[]): bigint[] => records.map((stored) => stored.offset);

/**
 * The contract of the record log (the point and event logs of `vigil serve`, a single-partition
 * Kafka topic's stand-in), run by every implementation (file, memory): offsets from 0 that never
 * repeat, ranges read back as appended and in order, concurrent appends on disjoint offsets,
 * tailing readers woken by an append or an abort, and a durable log's records after a reopen.
 */
export function recordLogConformance(name: string, open: () => Promise<RecordLogUnderTest>): void {
  describe(`${name} (record log conformance)`, () => {
    it('starts empty at offset 0', async () => {
      const { log } = await open();
      expect(log.start()).toBe(0n);
      expect(log.end()).toBe(0n);
      expect(await log.read(0n, 10)).toEqual([]);
    });

    it('assigns consecutive offsets from 0 and reads records back as appended, at most max at a time', async () => {
      const { log } = await open();
      expect(await log.append([record(0), record(1)])).toEqual({ first: 0n, next: 2n });
      expect(await log.append([record(2)])).toEqual({ first: 2n, next: 3n });
      expect(log.end()).toBe(3n);
      expect(await log.read(1n, 10)).toEqual([
        { offset: 1n, ...record(1) },
        { offset: 2n, ...record(2) },
      ]);
      expect(offsetsOf(await log.read(0n, 2))).toEqual([0n, 1n]);
      expect(await log.read(3n, 10)).toEqual([]);
    });

    it('keeps only key, value and headers of a record handed in with more', async () => {
      const { log } = await open();
      const withMore = { ...record(0), points: [{ measurement: 'cpu' }] };
      await log.append([withMore]);
      expect(await log.read(0n, 1)).toEqual([{ offset: 0n, ...record(0) }]);
    });

    it('takes no offset for an empty append', async () => {
      const { log } = await open();
      await log.append([record(0)]);
      expect(await log.append([])).toEqual({ first: 1n, next: 1n });
      expect(log.end()).toBe(1n);
    });

    it('gives concurrent appends disjoint offsets in the order they were called', async () => {
      const { log } = await open();
      const batches = [[record(0), record(1)], [record(2)], [record(3), record(4), record(5)], [record(6)]];
      const results = await Promise.all(batches.map((batch) => log.append(batch)));
      expect(results).toEqual([
        { first: 0n, next: 2n },
        { first: 2n, next: 3n },
        { first: 3n, next: 6n },
        { first: 6n, next: 7n },
      ]);
      expect((await log.read(0n, 100)).map((stored) => stored.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    });

    it('wakes a tailing reader once a record at or past its offset is readable, and at once on abort', async () => {
      const { log } = await open();
      expect(await log.waitForAppend(0n, AbortSignal.abort())).toBe(0n);
      const waiting = log.waitForAppend(0n);
      let woken = false;
      void waiting.then(() => (woken = true));
      await Promise.resolve();
      expect(woken).toBe(false);
      await log.append([record(0)]);
      expect(await waiting).toBe(1n);
      expect((await log.read(0n, 10)).map((stored) => stored.key)).toEqual(['k0']);
      // Already past: resolves at once with the end.
      expect(await log.waitForAppend(0n)).toBe(1n);
      const aborter = new AbortController();
      const aborted = log.waitForAppend(1n, aborter.signal);
      aborter.abort();
      expect(await aborted).toBe(1n);
      // A reader that waits past the end is woken by the next append, with the new end.
      const later = log.waitForAppend(1n);
      await log.append([record(1), record(2)]);
      expect(await later).toBe(3n);
    });

    it('still holds every record after a reopen, when it is durable, and continues the offsets', async (context) => {
      const { log, reopen } = await open();
      if (!reopen) return context.skip();
      await log.append([record(0), record(1)]);
      await log.append([record(2)]);
      const reopened = await reopen();
      expect(reopened.start()).toBe(0n);
      expect(reopened.end()).toBe(3n);
      expect(await reopened.read(0n, 10)).toEqual([0, 1, 2].map((n) => ({ offset: BigInt(n), ...record(n) })));
      expect(await reopened.append([record(3)])).toEqual({ first: 3n, next: 4n });
    });
  });
}

import { startInfluxd, waitFor, type RunningInfluxd } from '@vigil/testing';

/** A batch task that serves, every second, the highest usage of each host over the last hour. */
export const MAX_BY_HOST_SCRIPT = `dbrp "telegraf"."autogen"
batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1h)
    .every(1s)
    .groupBy('host')
  |httpOut('max')
`;

/** What the task's endpoint answers for the usage `startUsageInfluxd` wrote, as `host=usage`. */
export const MAX_BY_HOST_ROWS = ['a=70', 'b=20'];

/** A real influxd whose telegraf database holds a few minutes-old cpu points of hosts a and b. */
export async function startUsageInfluxd(): Promise<RunningInfluxd> {
  const influxd = await startInfluxd();
  await influxd.statement('CREATE DATABASE telegraf');
  const ns = (minutesAgo: number) => BigInt(Date.now() - minutesAgo * 60_000) * 1_000_000n;
  await influxd.write('telegraf', [`cpu,host=a usage=40 ${ns(5)}`, `cpu,host=a usage=70 ${ns(4)}`, `cpu,host=b usage=20 ${ns(3)}`]);
  return influxd;
}

interface Answer {
  readonly series: readonly { readonly tags: Record<string, string>; readonly values: readonly (readonly unknown[])[] }[] | null;
}

/** Defines the task enabled through a task API and resolves with its endpoint's rows once both hosts show, as `host=usage`. */
export async function maxByHostRows(tasks: string, timeoutMs: number): Promise<string[]> {
  const defined = await fetch(tasks, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'cpu_max', type: 'batch', script: MAX_BY_HOST_SCRIPT, status: 'enabled' }) });
  if (defined.status !== 200) throw new Error(`defining cpu_max through ${tasks} answered ${defined.status}: ${await defined.text()}`);
  let last: Answer | undefined;
  await waitFor(
    async () => {
      last = (await (await fetch(`${tasks}/cpu_max/max`)).json()) as Answer;
      return (last.series?.length ?? 0) === MAX_BY_HOST_ROWS.length;
    },
    { timeoutMs, what: 'both hosts at the endpoint' },
  );
  return (last?.series ?? []).map((row) => `${row.tags['host']}=${String(row.values[0]?.[1])}`);
}

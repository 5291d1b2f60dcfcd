/**
 * A batch task over InfluxDB's telegraf cpu measurement: every aligned minute, the minute's
 * highest usage, critical above 90, events to topic `cpu`. The batch specs of the evaluator and
 * of `vigil serve` share this one copy so that they exercise the same task.
 */
export const CPU_BATCH_TICK = `dbrp "telegraf"."autogen"
batch
  |query('SELECT max("usage") AS "usage" FROM "telegraf"."autogen"."cpu"')
    .period(1m)
    .every(1m)
    .align()
  |alert()
    .crit(lambda: "usage" > 90.0)
    .topic('cpu')
`;

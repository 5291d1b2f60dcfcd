/**
 * vigil's own tiny UDF agent, for the protocol's specs: run with `node --import tsx`. It declares
 * the options `field` (string), `as` (string), `scale` (double) and `failAbove` (double), and:
 * - on a stream (`--stream`, the default), answers each point with the group's running sum of
 *   `field` times `scale`, under `as`, and its own pid under `pid`;
 * - on batches (`--batch`), answers each batch with one point per batch holding the batch's count;
 * - answers Snapshot with its sums as JSON, and Restore by reading them back;
 * - answers an Error when a value exceeds `failAbove`, and stops answering anything (keepalives
 *   included) once it reads a point whose `field` is -1, so that specs see a timeout;
 * - once it reads a point whose `field` is -2, answers nothing asked any more but keeps writing
 *   keepalives nobody sent (so the connection hears it) and no longer ends with its input: a
 *   hung agent only its worker's timeout catches, which must be killed.
 */
import { decodeRequest, encodeResponse, FrameSplitter } from './udf-codec';
import type { AgentPoint, AgentRequest, AgentResponse } from './udf-messages';

const batchMode = process.argv.includes('--batch');
const sums = new Map<string, number>();
const settings = { field: 'value', as: 'sum', scale: 1, failAbove: Number.POSITIVE_INFINITY };
let silent = false;
let batchCount = 0;

function reply(response: AgentResponse): void {
  process.stdout.write(encodeResponse(response));
}

function point(request: AgentPoint): void {
  const value = request.fieldsDouble[settings.field] ?? Number(request.fieldsInt[settings.field] ?? 0);
  if (value === -1) {
    silent = true;
    return;
  }
  if (value === -2) {
    silent = true;
    // Its output closing (vigil's end gone) does not end it either.
    process.stdout.on('error', () => undefined);
    setInterval(() => reply({ kind: 'keepalive', time: '0' }), 50);
    return;
  }
  if (value > settings.failAbove) {
    reply({ kind: 'error', error: `value ${value} is above ${settings.failAbove}` });
    return;
  }
  if (batchMode) {
    batchCount += 1;
    return;
  }
  const sum = (sums.get(request.group) ?? 0) + value * settings.scale;
  sums.set(request.group, sum);
  reply({ kind: 'point', point: { ...request, fieldsDouble: { [settings.as]: sum }, fieldsInt: { pid: String(process.pid) }, fieldsString: {}, fieldsBool: {} } });
}

function handle(request: AgentRequest): void {
  if (silent) return;
  switch (request.kind) {
    case 'info':
      return reply({
        kind: 'info',
        info: {
          wants: batchMode ? 'BATCH' : 'STREAM',
          provides: batchMode ? 'BATCH' : 'STREAM',
          options: { field: { valueTypes: ['STRING'] }, as: { valueTypes: ['STRING'] }, scale: { valueTypes: ['DOUBLE'] }, failAbove: { valueTypes: ['DOUBLE'] } },
        },
      });
    case 'init':
      for (const option of request.options) {
        const value = option.values[0];
        if (option.name === 'field' || option.name === 'as') settings[option.name] = value?.stringValue ?? '';
        if (option.name === 'scale' || option.name === 'failAbove') settings[option.name] = value?.doubleValue ?? 0;
      }
      return reply({ kind: 'init', init: settings.as === '' ? { success: false, error: 'as must not be empty' } : { success: true, error: '' } });
    case 'keepalive':
      return reply({ kind: 'keepalive', time: request.time });
    case 'snapshot':
      return reply({ kind: 'snapshot', snapshot: Buffer.from(JSON.stringify([...sums])) });
    case 'restore':
      for (const [group, sum] of JSON.parse(Buffer.from(request.snapshot).toString()) as [string, number][]) sums.set(group, sum);
      return reply({ kind: 'restore', restore: { success: true, error: '' } });
    case 'begin':
      batchCount = 0;
      return;
    case 'point':
      return point(request.point);
    case 'end':
      reply({ kind: 'begin', begin: { name: request.end.name, group: request.end.group, tags: request.end.tags, size: '1', byName: false } });
      reply({ kind: 'point', point: { time: request.end.tmax, name: '', database: '', retentionPolicy: '', group: request.end.group, dimensions: [], tags: request.end.tags, fieldsDouble: {}, fieldsInt: { count: String(batchCount) }, fieldsString: {}, fieldsBool: {}, byName: false } });
      return reply({ kind: 'end', end: request.end });
  }
}

const splitter = new FrameSplitter();
process.stdin.on('data', (chunk: Buffer) => {
  for (const body of splitter.push(chunk)) handle(decodeRequest(body));
});
process.stderr.write(`test agent started; VIGIL_TEST_SECRET=${process.env['VIGIL_TEST_SECRET'] ?? 'unset'} AGENT_SETTING=${process.env['AGENT_SETTING'] ?? 'unset'}\n`);

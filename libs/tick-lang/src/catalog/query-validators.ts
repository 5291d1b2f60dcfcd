import { CronError, parseCron } from '../cron/cron-expression';
import { InfluxQLError, parseSelectStatement } from '../influxql/select-statement';
import type { PipelineNode, PropertyCall } from '../pipeline';
import type { ValidationProblem } from './catalog-types';

/**
 * Checks Kapacitor makes when a batch task starts (`batch.go`: `newQueryNode`, `query.go`:
 * `NewQuery`, `Dimensions`), made when vigil compiles the script so that they carry a position.
 */
export function validateQuery(node: PipelineNode): ValidationProblem[] {
  const problems = validateSchedule(node);
  const query = node.args[0];
  if (query?.type === 'string') {
    try {
      parseSelectStatement(query.value);
    } catch (error) {
      if (!(error instanceof InfluxQLError)) throw error;
      problems.push({ message: `failed to parse InfluxQL query: ${error.message}`, pos: node.pos });
    }
  }
  const groupBy = lastCall(node, 'groupBy');
  const times = (groupBy?.args ?? []).filter((value) => value.type === 'duration' || value.type === 'timeDimension');
  if (groupBy && times.length > 1) problems.push({ message: 'groupBy cannot have more than one time dimension', pos: groupBy.pos });
  return problems;
}

export function validatePromQL(node: PipelineNode): ValidationProblem[] {
  const problems = validateSchedule(node);
  const query = node.args[0];
  if (query?.type === 'string' && query.value.trim() === '') problems.push({ message: 'promQL needs an expression', pos: node.pos });
  return problems;
}

/** `batch.go`: `newQueryNode`, "Determine schedule". */
function validateSchedule(node: PipelineNode): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const every = lastCall(node, 'every');
  const cron = lastCall(node, 'cron');
  const everyNs = every?.args[0]?.type === 'duration' ? every.args[0].ns : 0n;
  const cronText = cron?.args[0]?.type === 'string' ? cron.args[0].value : '';
  if (everyNs !== 0n && cronText !== '') problems.push({ message: "must not set both 'every' and 'cron' properties", pos: cron?.pos ?? node.pos });
  else if (everyNs < 0n) problems.push({ message: "'every' duration must must non-negative", pos: every?.pos ?? node.pos });
  else if (everyNs === 0n && cronText === '') problems.push({ message: "must define one of 'every' or 'cron'", pos: node.pos });
  if (cron && cronText !== '') {
    try {
      parseCron(cronText);
    } catch (error) {
      if (!(error instanceof CronError)) throw error;
      problems.push({ message: error.message, pos: cron.pos });
    }
  }
  return problems;
}

function lastCall(node: PipelineNode, name: string): PropertyCall | undefined {
  return [...node.properties].reverse().find((call) => call.name === name);
}

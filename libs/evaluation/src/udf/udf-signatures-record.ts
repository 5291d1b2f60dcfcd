import type { EdgeType, UdfSignature, UdfValueType } from '@vigil/tick-lang';

/**
 * The user-defined functions one evaluator declared (its UDF_CONFIG_FILE, each function's Info
 * answer), as it publishes them for ingest to check task changes against (Redis,
 * `udfSignaturesKey`): when they were published (wall clock, ms) and each function's signature.
 */
export interface UdfSignaturesRecord {
  readonly atMs: number;
  readonly functions: Readonly<Record<string, UdfSignature>>;
}

/** How long a published record counts: three of the longest publish interval (EVALUATOR_STATS_INTERVAL_MS, at most 10 s). */
export const UDF_SIGNATURES_FRESH_MS = 30_000;

/**
 * The Redis hash of a deployment's published functions, a field per evaluator. Named after the
 * tasks topic, which the evaluators and ingest of one deployment share (TASKS_TOPIC), as the
 * task statistics keys are, so two deployments on one Redis never see each other's functions.
 */
export function udfSignaturesKey(tasksTopic: string): string {
  return `vigil:udf-signatures:${tasksTopic}`;
}

export class UdfSignaturesRecordError extends Error {
  constructor(message: string) {
    super(`UDF signatures record: ${message}`);
    this.name = 'UdfSignaturesRecordError';
  }
}

export function encodeUdfSignaturesRecord(record: UdfSignaturesRecord): string {
  return JSON.stringify(record);
}

const EDGES: readonly EdgeType[] = ['stream', 'batch'];
const VALUE_TYPES: readonly UdfValueType[] = ['bool', 'int', 'float', 'string', 'duration'];

/** Reads a record another process wrote; throws UdfSignaturesRecordError naming what is wrong. */
export function decodeUdfSignaturesRecord(text: string): UdfSignaturesRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UdfSignaturesRecordError('not JSON');
  }
  const record = objectOf(value, 'record');
  const atMs = record['atMs'];
  if (typeof atMs !== 'number' || !Number.isFinite(atMs) || atMs < 0) throw new UdfSignaturesRecordError('atMs must be a number of 0 or more');
  const functions: Record<string, UdfSignature> = {};
  for (const [name, signature] of Object.entries(objectOf(record['functions'], 'functions'))) functions[name] = signatureOf(signature, `functions.${name}`);
  return { atMs, functions };
}

function signatureOf(value: unknown, where: string): UdfSignature {
  const signature = objectOf(value, where);
  const wants = signature['wants'];
  const provides = signature['provides'];
  if (!EDGES.includes(wants as EdgeType) || !EDGES.includes(provides as EdgeType)) throw new UdfSignaturesRecordError(`${where}: wants and provides must be "stream" or "batch"`);
  const options: Record<string, UdfValueType[]> = {};
  for (const [option, types] of Object.entries(objectOf(signature['options'], `${where}.options`))) {
    if (!Array.isArray(types) || !types.every((type) => VALUE_TYPES.includes(type as UdfValueType))) throw new UdfSignaturesRecordError(`${where}.options.${option} must list value types (${VALUE_TYPES.join(', ')})`);
    options[option] = types as UdfValueType[];
  }
  return { wants: wants as EdgeType, provides: provides as EdgeType, options };
}

function objectOf(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UdfSignaturesRecordError(`${where} is not an object`);
  return value as Record<string, unknown>;
}

/**
 * The functions the live evaluators declare: those of the records published within `staleMs` of
 * `nowMs` (an evaluator that stopped drops out), together. When two evaluators declare one name
 * differently (a rolling change of an agent), the newer record's signature counts, since that is
 * the configuration being rolled out. A record that cannot be read is left out.
 */
export function mergedUdfSignatures(records: Iterable<string>, nowMs: number, staleMs: number): Record<string, UdfSignature> {
  const fresh: UdfSignaturesRecord[] = [];
  for (const text of records) {
    try {
      const record = decodeUdfSignaturesRecord(text);
      if (nowMs - record.atMs <= staleMs) fresh.push(record);
    } catch {
      // Written by another version of vigil: not signatures this reader can trust.
    }
  }
  fresh.sort((a, b) => a.atMs - b.atMs);
  return Object.assign({}, ...fresh.map((record) => record.functions)) as Record<string, UdfSignature>;
}

import type { Redis } from 'ioredis';
import { LuaScript } from '../lua-script';

/** The field of a checkpoint hash that holds its offset; the other fields are the state. */
const OFFSET_FIELD = 'offset';

/**
 * Replaces a checkpoint atomically unless that would move its offset backwards. KEYS[1] is the
 * checkpoint hash; ARGV[1] the new offset (decimal int64); ARGV[2..] field/value pairs. Offsets
 * are compared as decimal strings (length, then text), as Lua's doubles cannot hold every int64.
 * Returns nil when saved, or the stored offset when refused.
 */
const SAVE_CHECKPOINT = new LuaScript(
  'save-checkpoint',
  `local stored = redis.call('HGET', KEYS[1], '${OFFSET_FIELD}')
if stored and (#stored > #ARGV[1] or (#stored == #ARGV[1] and stored > ARGV[1])) then
  return stored
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '${OFFSET_FIELD}', unpack(ARGV))
return false`,
  1,
);

export interface RedisCheckpointStoreOptions {
  /** Key prefix, so deployments (and tests) sharing a Redis stay apart. */
  readonly prefix: string;
  /** The consumer group: checkpoints belong to a group as committed offsets do. */
  readonly groupId: string;
}

/** A partition checkpoint as stored: the next offset and the encoded state fields. */
export interface RedisCheckpoint {
  readonly offset: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Partition checkpoints in Redis, one hash per partition
 * (`<prefix>:checkpoint:<group>:<topic>:<partition>`): the `offset` field and one field per
 * piece of state. A save is one EVALSHA, so a batch costs one round trip whatever its size.
 */
export class RedisCheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCheckpointStoreOptions,
  ) {}

  keyOf(partition: { readonly topic: string; readonly partition: number }): string {
    return `${this.options.prefix}:checkpoint:${this.options.groupId}:${partition.topic}:${partition.partition}`;
  }

  /** Loads the script ahead of the first save. */
  async prepare(): Promise<void> {
    await SAVE_CHECKPOINT.load(this.redis);
  }

  async load(partition: { readonly topic: string; readonly partition: number }): Promise<RedisCheckpoint | undefined> {
    const hash = await this.redis.hgetall(this.keyOf(partition));
    const offset = hash[OFFSET_FIELD];
    if (offset === undefined) return undefined;
    if (!/^\d{1,19}$/.test(offset)) throw new Error(`checkpoint ${this.keyOf(partition)} has a bad offset ${JSON.stringify(offset)}`);
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(hash)) if (name !== OFFSET_FIELD) fields[name] = value;
    return { offset, fields };
  }

  async save(
    partition: { readonly topic: string; readonly partition: number },
    offset: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<{ saved: true } | { saved: false; storedOffset: string }> {
    if (Object.hasOwn(fields, OFFSET_FIELD)) throw new Error(`checkpoint fields may not be named ${OFFSET_FIELD}`);
    const pairs: string[] = [offset];
    for (const [name, value] of Object.entries(fields)) pairs.push(name, value);
    const stored = await SAVE_CHECKPOINT.run(this.redis, [this.keyOf(partition)], pairs);
    return typeof stored === 'string' ? { saved: false, storedOffset: stored } : { saved: true };
  }
}

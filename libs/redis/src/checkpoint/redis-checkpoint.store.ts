import { Cluster } from 'ioredis';
import type { Redis } from '../redis-client.factory';
import { LuaScript } from '../lua-script';

/** The field of a checkpoint hash that holds its offset; the other fields are the state. */
const OFFSET_FIELD = 'offset';

/** How many entries one HSCAN call asks for, and one HSET of the save script writes. */
const SCAN_COUNT = 1_000;
const HSET_CHUNK = 1_000;

/**
 * Saves a checkpoint atomically. KEYS[1] is the partition's checkpoint hash, KEYS[2..] its
 * section hashes (all with one hash tag, so one slot), preceded, while a partition moves from
 * the old layout, by the old key (ARGV[3] '1'; single servers only, where that layout existed).
 * ARGV: the new offset; the base offset (the stored offset the changes apply to: '' when none may
 * be stored, '*' for no base); the old-key flag; the number of fields, then field/value pairs
 * (they replace the stored fields); then per section
 * (in KEYS order) a replace flag ('1' deletes the section first), a count of entries to set
 * with their name/value pairs, and a count of names to delete with the names.
 * Offsets are compared as decimal strings (length, then text), as Lua's doubles cannot hold every
 * int64. Returns false when saved, or the stored offset ('none' without one) when refused.
 */
const SAVE_CHECKPOINT = new LuaScript(
  'save-checkpoint-v2',
  `local stored = redis.call('HGET', KEYS[1], '${OFFSET_FIELD}')
local first = 2
if ARGV[3] == '1' then
  first = 3
  if not stored then stored = redis.call('HGET', KEYS[2], '${OFFSET_FIELD}') end
end
local base = ARGV[2]
if base ~= '*' then
  if (base == '' and stored) or (base ~= '' and stored ~= base) then
    return stored or 'none'
  end
end
if stored and (#stored > #ARGV[1] or (#stored == #ARGV[1] and stored > ARGV[1])) then
  return stored
end
local function hsetAll(key, from, count)
  local i = 0
  while i < count do
    local n = math.min(${HSET_CHUNK}, count - i)
    redis.call('HSET', key, unpack(ARGV, from + 2 * i, from + 2 * (i + n) - 1))
    i = i + n
  end
end
local at = 4
local fields = tonumber(ARGV[at])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], '${OFFSET_FIELD}', ARGV[1])
hsetAll(KEYS[1], at + 1, fields)
at = at + 1 + 2 * fields
if first == 3 then redis.call('UNLINK', KEYS[2]) end
for k = first, #KEYS do
  if ARGV[at] == '1' then redis.call('UNLINK', KEYS[k]) end
  local sets = tonumber(ARGV[at + 1])
  hsetAll(KEYS[k], at + 2, sets)
  at = at + 2 + 2 * sets
  local deletes = tonumber(ARGV[at])
  local i = 0
  while i < deletes do
    local n = math.min(${HSET_CHUNK}, deletes - i)
    redis.call('HDEL', KEYS[k], unpack(ARGV, at + 1 + i, at + i + n))
    i = i + n
  end
  at = at + 1 + deletes
end
return false`,
  undefined,
);

/** Reads entries of a section with the checkpoint's offset, in one atomic step. */
const READ_ENTRIES = new LuaScript(
  'read-checkpoint-entries',
  `local offset = redis.call('HGET', KEYS[1], '${OFFSET_FIELD}')
if #ARGV == 0 then return {offset or false, {}} end
return {offset or false, redis.call('HMGET', KEYS[2], unpack(ARGV))}`,
  2,
);

export interface RedisCheckpointStoreOptions {
  /** Key prefix, so deployments (and tests) sharing a Redis stay apart. */
  readonly prefix: string;
  /** The consumer group: checkpoints belong to a group as committed offsets do. */
  readonly groupId: string;
}

type Partition = { readonly topic: string; readonly partition: number };

/** A partition checkpoint as stored: the next offset and the encoded state fields. */
export interface RedisCheckpoint {
  readonly offset: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What a save writes (the `CheckpointWrite` of `@vigil/evaluation`). */
export interface RedisCheckpointWrite {
  readonly fields: Readonly<Record<string, string>>;
  readonly sections?: ReadonlyMap<string, { readonly replace: boolean; readonly set: ReadonlyMap<string, string>; readonly delete: readonly string[] }>;
  readonly base?: string | null;
}

/**
 * Partition checkpoints in Redis. Per partition a hash `{<prefix>:checkpoint:<group>:<topic>:<partition>}`
 * holds the `offset` field and the fields (one per task, the source positions), and one hash per
 * section (`<that key>:<section>`, e.g. `:groups:<task>`) holds its entries (one per group).
 * Every key of a partition shares the braces' hash tag, so in a Redis Cluster the atomic save
 * stays on one slot. A save is one EVALSHA writing only what changed, so a batch costs one round
 * trip and bytes in proportion to the groups it changed. Checkpoints of the format before
 * sections (`<prefix>:checkpoint:<group>:<topic>:<partition>`, no braces) still load from a
 * single server; the first save in the new layout deletes the old key in the same script.
 */
export class RedisCheckpointStore {
  /** Partitions loaded from the old key, whose old key goes once a save in the new layout succeeded. */
  private readonly legacy = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCheckpointStoreOptions,
  ) {}

  keyOf(partition: Partition): string {
    return `{${this.options.prefix}:checkpoint:${this.options.groupId}:${partition.topic}:${partition.partition}}`;
  }

  sectionKeyOf(partition: Partition, section: string): string {
    return `${this.keyOf(partition)}:${section}`;
  }

  /** The key of the layout before sections: one hash with every task's whole snapshot. */
  legacyKeyOf(partition: Partition): string {
    return `${this.options.prefix}:checkpoint:${this.options.groupId}:${partition.topic}:${partition.partition}`;
  }

  /** Loads the scripts ahead of the first save. */
  async prepare(): Promise<void> {
    await SAVE_CHECKPOINT.load(this.redis);
    await READ_ENTRIES.load(this.redis);
  }

  async load(partition: Partition): Promise<RedisCheckpoint | undefined> {
    let key = this.keyOf(partition);
    let hash = await this.redis.hgetall(key);
    // The old layout predates cluster support, and its key lies in another slot than the new
    // ones, so moving it in the save script would be a cross-slot script: a cluster never looks.
    if (hash[OFFSET_FIELD] === undefined && !(this.redis instanceof Cluster)) {
      key = this.legacyKeyOf(partition);
      hash = await this.redis.hgetall(key);
      if (hash[OFFSET_FIELD] !== undefined) this.legacy.add(key);
    }
    const offset = hash[OFFSET_FIELD];
    if (offset === undefined) return undefined;
    if (!/^\d{1,19}$/.test(offset)) throw new Error(`checkpoint ${key} has a bad offset ${JSON.stringify(offset)}`);
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(hash)) if (name !== OFFSET_FIELD) fields[name] = value;
    return { offset, fields };
  }

  async readEntries(partition: Partition, section: string, names: readonly string[]): Promise<{ offset: string | undefined; entries: Map<string, string> }> {
    const reply = (await READ_ENTRIES.run(this.redis, [this.keyOf(partition), this.sectionKeyOf(partition, section)], names)) as [string | null, (string | null)[]];
    const [offset, values] = reply;
    const entries = new Map<string, string>();
    names.forEach((name, i) => {
      const value = values[i];
      if (typeof value === 'string') entries.set(name, value);
    });
    // A partition still in the old layout has no sections: its offset is that of the old key.
    const stored = offset ?? (await this.legacyOffset(partition));
    return { offset: stored, entries };
  }

  async *scanEntries(partition: Partition, section: string): AsyncIterable<readonly (readonly [string, string])[]> {
    const key = this.sectionKeyOf(partition, section);
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'COUNT', SCAN_COUNT);
      cursor = next;
      const chunk: [string, string][] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) chunk.push([flat[i] as string, flat[i + 1] as string]);
      if (chunk.length > 0) yield chunk;
    } while (cursor !== '0');
  }

  async save(partition: Partition, offset: string, write: RedisCheckpointWrite): Promise<{ saved: true } | { saved: false; storedOffset: string }> {
    if (Object.hasOwn(write.fields, OFFSET_FIELD)) throw new Error(`checkpoint fields may not be named ${OFFSET_FIELD}`);
    const keys = [this.keyOf(partition)];
    const legacyKey = this.legacyKeyOf(partition);
    const moving = this.legacy.has(legacyKey);
    if (moving) keys.push(legacyKey);
    const fieldNames = Object.keys(write.fields);
    const args: string[] = [offset, write.base === undefined ? '*' : (write.base ?? ''), moving ? '1' : '0', String(fieldNames.length)];
    for (const name of fieldNames) args.push(name, write.fields[name] as string);
    for (const [section, change] of write.sections ?? []) {
      keys.push(this.sectionKeyOf(partition, section));
      args.push(change.replace ? '1' : '0', String(change.set.size));
      for (const [name, value] of change.set) args.push(name, value);
      args.push(String(change.delete.length), ...change.delete);
    }
    const stored = await SAVE_CHECKPOINT.run(this.redis, keys, args);
    if (typeof stored === 'string') return { saved: false, storedOffset: stored };
    this.legacy.delete(legacyKey);
    return { saved: true };
  }

  private async legacyOffset(partition: Partition): Promise<string | undefined> {
    return (await this.redis.hget(this.legacyKeyOf(partition), OFFSET_FIELD)) ?? undefined;
  }
}

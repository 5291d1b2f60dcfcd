import { goRound } from '../../runtime/go-time';
import { decodeBigint, decodeOptionalBigint, expectArray, member } from '../../runtime/snapshot-codec';
import { decodeJoinSet, encodeJoinSet, messageTime, newJoinSet, setValue, type JoinMessage, type JoinSet } from './join-set';

/** The sets of one time, oldest first within the time. */
interface Slot {
  readonly time: bigint;
  sets: JoinSet[];
}

/**
 * The state of one group of a join (Kapacitor's `joinGroup`): the sets waiting, by time (kept
 * sorted, so the oldest time is the first slot's), and each parent's head, the rounded time of
 * the last point (or batch) it sent to the group (null: none yet, Go's zero time).
 */
export interface JoinGroupState {
  readonly slots: Slot[];
  readonly heads: (bigint | null)[];
}

export function newJoinGroup(parents: number): JoinGroupState {
  return { slots: [], heads: new Array<bigint | null>(parents).fill(null) };
}

/**
 * `joinGroup.Collect`: puts the point (or batch, at its time) in the first set of its time that lacks its parent (or a
 * new one), then sends sets from the oldest time: only complete ones while some parent's head
 * is not past that time, otherwise every set of it, complete or not, and so on with the next time.
 */
export function collect(group: JoinGroupState, source: number, message: JoinMessage, tolerance: bigint, send: (set: JoinSet) => void): void {
  const time = goRound(messageTime(message), tolerance);
  const slot = slotAt(group, time);
  let set = slot.sets.find((candidate) => candidate.values[source] === null);
  if (!set) {
    set = newJoinSet(time, group.heads.length);
    slot.sets.push(set);
  }
  setValue(set, source, message);
  group.heads[source] = time;
  emitOldest(group, onlyCompleteSets(group), send);
}

/**
 * `joinGroup.Barrier`: the parent will send nothing older, so its head moves to the barrier's
 * rounded time and the sets that makes ready are sent, as after a point of that parent.
 */
export function barrier(group: JoinGroupState, source: number, time: bigint, tolerance: bigint, send: (set: JoinSet) => void): void {
  group.heads[source] = goRound(time, tolerance);
  emitOldest(group, onlyCompleteSets(group), send);
}

function slotAt(group: JoinGroupState, time: bigint): Slot {
  let index = 0;
  while (index < group.slots.length && (group.slots[index] as Slot).time < time) index++;
  const found = group.slots[index];
  if (found && found.time === time) return found;
  const slot: Slot = { time, sets: [] };
  group.slots.splice(index, 0, slot);
  return slot;
}

/** `joinGroup.checkOnlyReadSets`: some parent's head is not after the oldest time. */
function onlyCompleteSets(group: JoinGroupState): boolean {
  const oldest = group.slots[0]?.time;
  if (oldest === undefined) return true;
  return group.heads.some((head) => head === null || head <= oldest);
}

/** `joinGroup.emit`. */
function emitOldest(group: JoinGroupState, onlyComplete: boolean, send: (set: JoinSet) => void): void {
  for (;;) {
    const slot = group.slots[0];
    if (!slot) return;
    let sent = 0;
    while (sent < slot.sets.length) {
      const set = slot.sets[sent] as JoinSet;
      if (onlyComplete && set.size !== set.values.length) break;
      send(set);
      sent++;
    }
    slot.sets.splice(0, sent);
    if (slot.sets.length === 0) group.slots.shift();
    if (onlyComplete) return;
    onlyComplete = onlyCompleteSets(group);
  }
}

export function encodeJoinGroup(group: JoinGroupState): unknown {
  return {
    slots: group.slots.map((slot) => ({ time: slot.time.toString(), sets: slot.sets.map(encodeJoinSet) })),
    heads: group.heads.map((head) => (head === null ? null : head.toString())),
  };
}

export function decodeJoinGroup(encoded: unknown): JoinGroupState {
  return {
    slots: expectArray(member(encoded, 'slots', 'join group'), 'join slots').map((slot) => ({
      time: decodeBigint(member(slot, 'time', 'join slot'), 'join slot time'),
      sets: expectArray(member(slot, 'sets', 'join slot'), 'join slot sets').map(decodeJoinSet),
    })),
    heads: expectArray(member(encoded, 'heads', 'join group'), 'join heads').map((head) => decodeOptionalBigint(head, 'join head')),
  };
}

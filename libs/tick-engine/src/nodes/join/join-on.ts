import { goRound } from '../../runtime/go-time';
import { toGroupId } from '../../runtime/group-id';
import { decodeOptionalBigint, expectArray, expectNumber, member } from '../../runtime/snapshot-codec';
import { decodeMessage, encodeMessage, groupTagNames } from '../multi-parent/message-codec';
import { asJoinMessage, messageTime, type JoinMessage } from './join-set';

/** A point (or batch) and the index of the parent that sent it (Kapacitor's `srcPoint`). */
export interface SourcePoint {
  readonly source: number;
  readonly message: JoinMessage;
}

/**
 * What a join with `.on(...)` keeps per group of the `.on` tags: each parent's low mark there
 * (the rounded time of its last point; null for Go's zero time), the less specific points kept
 * to be matched (grouped by the `.on` tags only), and the more specific points waiting for theirs.
 */
export interface OnGroupState {
  readonly lowMarks: (bigint | null)[];
  matches: SourcePoint[];
  specifics: SourcePoint[];
}

export function newOnGroup(parents: number): OnGroupState {
  return { lowMarks: new Array<bigint | null>(parents).fill(null), matches: [], specifics: [] };
}

/** Kapacitor's group id of a point under the `.on` tags, in the order `.on` lists them. */
export function onGroupId(message: JoinMessage, on: readonly string[]): string {
  return toGroupId(message.kind === 'point' ? message.point.name : message.name, message.groupTags, on, message.dimensions.byMeasurement);
}

/** Go's `a.Before(b)` with null as the zero time, which is before every other time. */
function before(a: bigint | null, b: bigint | null): boolean {
  if (a === null) return b !== null;
  return b !== null && a < b;
}

/** What `JoinNode.matchPoints` does with a point, to be carried out by the node. */
export interface MatchActions {
  /** A specific point with a less specific one, given the specific point's tags (`sendMatchPoint`). */
  matched(specific: SourcePoint, match: SourcePoint): void;
  /** A specific point that will get no match (`sendSpecificPoint`). */
  alone(specific: SourcePoint): void;
}

/**
 * `JoinNode.matchPoints` for one point. `allReported` says whether every parent has sent a point
 * (to any group): until then the low mark is Go's zero time, nothing is purged and only the
 * first kept match point is compared, exactly as Kapacitor does.
 */
export function matchPoint(state: OnGroupState, point: SourcePoint, on: readonly string[], tolerance: bigint, allReported: boolean, actions: MatchActions): void {
  const time = goRound(messageTime(point.message), tolerance);
  state.lowMarks[point.source] = time;
  let lowMark: bigint | null = null;
  if (allReported) {
    for (const mark of state.lowMarks) if (lowMark === null || before(mark, lowMark)) lowMark = mark;
    let sent = 0;
    while (sent < state.specifics.length && before(roundedTime(state.specifics[sent] as SourcePoint, tolerance), lowMark)) {
      actions.alone(state.specifics[sent] as SourcePoint);
      sent++;
    }
    state.specifics.splice(0, sent);
  }
  const dimensions = point.message.dimensions;
  if (groupTagNames(dimensions, point.message.groupTags).length > on.length) {
    matchSpecific(state, point, time, lowMark, tolerance, allReported, actions);
    return;
  }
  state.matches.push(point);
  let sent = 0;
  while (sent < state.specifics.length && roundedTime(state.specifics[sent] as SourcePoint, tolerance) === time) {
    actions.matched(state.specifics[sent] as SourcePoint, point);
    sent++;
  }
  state.specifics.splice(0, sent);
}

function matchSpecific(state: OnGroupState, point: SourcePoint, time: bigint, lowMark: bigint | null, tolerance: bigint, allReported: boolean, actions: MatchActions): void {
  let matched = false;
  let index = 0;
  for (; index < state.matches.length; index++) {
    const match = state.matches[index] as SourcePoint;
    const matchTime = roundedTime(match, tolerance);
    if (matchTime === time) {
      actions.matched(point, match);
      matched = true;
    }
    if (!before(matchTime, lowMark)) break;
  }
  if (allReported) state.matches.splice(0, index);
  if (matched) return;
  if (allReported && before(time, lowMark)) actions.alone(point);
  else state.specifics.push(point);
}

function roundedTime(point: SourcePoint, tolerance: bigint): bigint {
  return goRound(messageTime(point.message), tolerance);
}

function encodeSourcePoint(point: SourcePoint): unknown {
  return { source: point.source, message: encodeMessage(point.message) };
}

function decodeSourcePoint(encoded: unknown): SourcePoint {
  return { source: expectNumber(member(encoded, 'source', 'join point'), 'join point source'), message: asJoinMessage(decodeMessage(member(encoded, 'message', 'join point'))) };
}

export function encodeOnGroup(state: OnGroupState): unknown {
  return {
    lowMarks: state.lowMarks.map((mark) => (mark === null ? null : mark.toString())),
    matches: state.matches.map(encodeSourcePoint),
    specifics: state.specifics.map(encodeSourcePoint),
  };
}

export function decodeOnGroup(encoded: unknown): OnGroupState {
  return {
    lowMarks: expectArray(member(encoded, 'lowMarks', 'join on group'), 'join low marks').map((mark) => decodeOptionalBigint(mark, 'join low mark')),
    matches: expectArray(member(encoded, 'matches', 'join on group'), 'join matches').map(decodeSourcePoint),
    specifics: expectArray(member(encoded, 'specifics', 'join on group'), 'join specifics').map(decodeSourcePoint),
  };
}

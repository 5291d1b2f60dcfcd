import { AlertGroupState, checkSnapshot, type AlertGroupStateSnapshot, type AlertHistoryConfig } from './alert-group-state';
import type { Inhibitor } from './inhibitor-registry';
import type { AlertGroupStore } from './alert-group-store';

const NO_INHIBITORS: readonly Inhibitor[] = Object.freeze([]);

/**
 * One group of an alert node: its level state, its inhibitors and its rendered id. One object per
 * group (the state is inherited, not referenced) so that a point touches as little memory as
 * possible; with thousands of groups each extra object is a likely cache miss per point.
 */
export class AlertGroup extends AlertGroupState {
  inhibitors: readonly Inhibitor[] = NO_INHIBITORS;
  /** The group's rendered id and the measurement it was rendered for, when the id is group-stable. */
  cachedId: string | undefined = undefined;
  cachedIdName: string | undefined = undefined;
  /** Whether no other group can render this group's id (group-stable-id.ts), known with cachedId. */
  idTellsGroupsApart = false;

  constructor(config: AlertHistoryConfig, store: AlertGroupStore) {
    super(config, store);
  }

  /** A group rebuilt from its snapshot; throws when the snapshot does not fit the node. */
  static restored(config: AlertHistoryConfig, store: AlertGroupStore, snapshot: AlertGroupStateSnapshot): AlertGroup {
    checkSnapshot(config, snapshot);
    const group = new AlertGroup(config, store);
    group.assign(snapshot);
    return group;
  }
}

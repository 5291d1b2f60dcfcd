import type { Tags } from '@vigil/core';

/**
 * One `.inhibit(category, tags...)` of one group of an alert node (Kapacitor's `alert.Inhibitor`).
 * Its tag values are taken from the group's first point; it inhibits while its group's last
 * triggered level is not OK.
 */
export class Inhibitor {
  inhibited = false;

  constructor(
    readonly category: string,
    readonly tags: Tags,
  ) {}

  /** True when this inhibitor is active for the category and every one of its tags is equal. */
  inhibits(category: string, tags: Tags): boolean {
    if (!this.inhibited || category !== this.category) return false;
    // A tag the event lacks reads as '' (a Go map lookup), so it matches an empty inhibitor value.
    return Object.entries(this.tags).every(([key, value]) => (tags[key] ?? '') === value);
  }
}

/**
 * All inhibitors of a task, looked up by category before an alert event reaches its topics.
 * Kapacitor keeps one lookup per server; vigil scopes it to the task, which is what a task
 * replayed or run on its own partition can see.
 */
export class InhibitorRegistry {
  private readonly byCategory = new Map<string, Inhibitor[]>();

  add(inhibitor: Inhibitor): void {
    const list = this.byCategory.get(inhibitor.category) ?? [];
    list.push(inhibitor);
    this.byCategory.set(inhibitor.category, list);
  }

  remove(inhibitor: Inhibitor): void {
    const list = this.byCategory.get(inhibitor.category);
    if (!list) return;
    const index = list.indexOf(inhibitor);
    if (index >= 0) list.splice(index, 1);
  }

  isInhibited(category: string, tags: Tags): boolean {
    return (this.byCategory.get(category) ?? []).some((inhibitor) => inhibitor.inhibits(category, tags));
  }
}

/** Slots of a new set; it doubles whenever it is half full. */
const INITIAL_SLOTS = 1024;

/**
 * A set of 64-bit identities (point-identity.ts: two unsigned 32-bit halves) in typed arrays,
 * open addressing with linear probing: no object, string or map entry per identity, so a window
 * of hundreds of thousands of points costs the garbage collector nothing to mark. Deleting moves
 * the following entries of its run back (no tombstones), so lookups stay short however many
 * identities came and went.
 */
export class IdentitySet {
  private halves = new Uint32Array(INITIAL_SLOTS * 2);
  private used = new Uint8Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(high: number, low: number): boolean {
    return this.slotOf(high, low) >= 0;
  }

  /** Adds the identity; false when it was there already. */
  add(high: number, low: number): boolean {
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    const { halves, used, mask } = this;
    let slot = home(high, low, mask);
    while (used[slot] === 1) {
      if (halves[slot * 2] === high && halves[slot * 2 + 1] === low) return false;
      slot = (slot + 1) & mask;
    }
    used[slot] = 1;
    halves[slot * 2] = high;
    halves[slot * 2 + 1] = low;
    this.count += 1;
    return true;
  }

  /** Removes the identity; false when it was not there. */
  delete(high: number, low: number): boolean {
    let hole = this.slotOf(high, low);
    if (hole < 0) return false;
    const { halves, used, mask } = this;
    // Move back every later entry of the run that may sit at the hole (its home is not between
    // the hole and itself), so that no lookup stops early at the freed slot.
    for (let next = (hole + 1) & mask; used[next] === 1; next = (next + 1) & mask) {
      const wanted = home(halves[next * 2] as number, halves[next * 2 + 1] as number, mask);
      const stays = hole <= next ? hole < wanted && wanted <= next : hole < wanted || wanted <= next;
      if (stays) continue;
      halves[hole * 2] = halves[next * 2] as number;
      halves[hole * 2 + 1] = halves[next * 2 + 1] as number;
      hole = next;
    }
    used[hole] = 0;
    this.count -= 1;
    return true;
  }

  private slotOf(high: number, low: number): number {
    const { halves, used, mask } = this;
    let slot = home(high, low, mask);
    while (used[slot] === 1) {
      if (halves[slot * 2] === high && halves[slot * 2 + 1] === low) return slot;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private grow(): void {
    const { halves, used } = this;
    this.halves = new Uint32Array(halves.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.mask = this.used.length - 1;
    this.count = 0;
    for (let slot = 0; slot < used.length; slot++) if (used[slot] === 1) this.add(halves[slot * 2] as number, halves[slot * 2 + 1] as number);
  }
}

/** Where the identity's probe starts: its halves are hash output already, so mixing them is enough. */
function home(high: number, low: number, mask: number): number {
  return (high ^ low) & mask;
}

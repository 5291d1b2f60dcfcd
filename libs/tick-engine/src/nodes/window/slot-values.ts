/**
 * The items of a window ring's slots. A window that keeps one field of float values (the usual
 * column: `mean('usage')` over a float field) holds them in a numbers-only array, 8 bytes in place
 * each; a heap number per value would cost twice that and a pointer. The first item that is not a
 * number (an int64 BigInt, a string, a missing field, a whole point) moves every slot to an array
 * of boxed items, which the slots then keep.
 */
export class SlotValues<T> {
  private numbers: number[] | undefined;
  private boxed: T[] | undefined;

  /**
   * @param numeric whether to start with numbers only (a column window); a point window starts boxed.
   * @param release what a purged boxed slot is set to, so that its item can be collected.
   */
  constructor(
    capacity: number,
    numeric: boolean,
    private readonly release: T | undefined,
  ) {
    if (numeric) this.numbers = numberSlots(capacity);
    else this.boxed = new Array<T>(capacity);
  }

  /** Slots of a new capacity holding the items at `indexes` of `from`, in that order. */
  static copied<T>(from: SlotValues<T>, indexes: readonly number[], capacity: number): SlotValues<T> {
    const copy = new SlotValues<T>(capacity, from.numbers !== undefined, from.release);
    indexes.forEach((index, i) => copy.set(i, from.get(index)));
    return copy;
  }

  set(index: number, item: T): void {
    if (this.numbers) {
      if (typeof item === 'number') {
        this.numbers[index] = item;
        return;
      }
      this.box();
    }
    (this.boxed as T[])[index] = item;
  }

  get(index: number): T {
    return this.numbers ? (this.numbers[index] as T & number) : (this.boxed as T[])[index] as T;
  }

  /** Lets a purged slot's item be collected; numbers hold nothing to collect. */
  purge(index: number): void {
    if (this.boxed && this.release !== undefined) this.boxed[index] = this.release;
  }

  private box(): void {
    const numbers = this.numbers as number[];
    this.boxed = numbers.map((value) => value as T & number);
    this.numbers = undefined;
  }
}

/** A numbers-only array, made only here so that V8's feedback for this site sees only doubles. */
function numberSlots(capacity: number): number[] {
  return new Array<number>(capacity).fill(0);
}

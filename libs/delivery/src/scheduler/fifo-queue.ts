/**
 * A first-in first-out queue whose take is O(1) however long it grows. Array.shift copies the
 * array once it is too large for V8 to trim it in place, which made 100k waiting lanes quadratic.
 */
export class FifoQueue<T> {
  private entries: (T | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.entries.length - this.head;
  }

  push(entry: T): void {
    this.entries.push(entry);
  }

  take(): T | undefined {
    if (this.head >= this.entries.length) return undefined;
    const entry = this.entries[this.head];
    this.entries[this.head] = undefined;
    this.head++;
    // Drop the taken prefix once it is most of the array, so memory follows the live length.
    if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }
}

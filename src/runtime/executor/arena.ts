/**
 * The memory merged keys are encoded into: one SharedArrayBuffer that workers encode into and write out from,
 * allocated as a ring. Keys are allocated in plan order and released in the same order (once written), so a
 * ring needs no free list; and nothing is allocated per key, so resident memory stays flat however long the run.
 */
export class OutputArena {
  readonly buffer: SharedArrayBuffer;
  /** Live allocations, oldest first. */
  private readonly live: { offset: number; end: number }[] = [];
  private used = 0;

  constructor(readonly size: number) {
    this.buffer = new SharedArrayBuffer(size);
  }

  /** Offset of `bytes` free bytes, or undefined when the ring has no room until older keys are released. */
  allocate(bytes: number): number | undefined {
    const aligned = Math.ceil(bytes / 64) * 64;
    if (aligned > this.size) return undefined;
    const first = this.live[0];
    const last = this.live[this.live.length - 1];
    let offset: number | undefined;
    if (!first || !last) offset = 0;
    else if (last.offset >= first.offset) {
      // Live bytes are [first.offset, last.end): free space at the end, then before the oldest.
      if (this.size - last.end >= aligned) offset = last.end;
      else if (first.offset >= aligned) offset = 0;
    } else if (first.offset - last.end >= aligned) {
      // Wrapped: live bytes are [first.offset, size) and [0, last.end); free space lies between.
      offset = last.end;
    }
    if (offset === undefined) return undefined;
    this.live.push({ offset, end: offset + aligned });
    this.used += aligned;
    return offset;
  }

  /** Releases the oldest allocation (which must be the one at `offset`). */
  release(offset: number): void {
    const oldest = this.live[0];
    if (!oldest || oldest.offset !== offset) throw new Error('output arena: released out of order');
    this.live.shift();
    this.used -= oldest.end - oldest.offset;
  }

  view(offset: number, bytes: number): Uint8Array {
    return new Uint8Array(this.buffer, offset, bytes);
  }

  get bytesInUse(): number {
    return this.used;
  }
}

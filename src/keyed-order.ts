/** A place in line: `ready` resolves once everything that entered before it under the same key is done. */
export interface Turn {
  ready: Promise<void>;
  /** Lets the next one in line go; call it exactly once, when this work has ended (or failed). */
  done(): void;
}

/**
 * Runs work in the order it entered, one at a time per key (an incident's channel), while different
 * keys go on in parallel. Entering is synchronous, so the order is the order of the `enter` calls.
 */
export class KeyedOrder {
  private readonly tails = new Map<string, Promise<void>>();

  /** Takes the next place in line for `key`. */
  enter(key: string): Turn {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const finished = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => finished);
    this.tails.set(key, tail);
    let released = false;
    return {
      ready: previous,
      done: () => {
        if (released) return;
        released = true;
        release();
        // The last one out leaves no entry behind, so keys of closed incidents do not pile up.
        void tail.then(() => {
          if (this.tails.get(key) === tail) this.tails.delete(key);
        });
      },
    };
  }

  /** How many keys have work waiting or running. */
  get size(): number {
    return this.tails.size;
  }
}

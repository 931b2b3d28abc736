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

/**
 * A request's two places in its channel's line: one for what it changes, one for what it posts. A request that
 * is done changing and about to post (`posting`) lets the next one start changing while it posts; posts still go
 * out in arrival order. Anything not released explicitly is released when the request ends (`end`).
 */
export class StagedTurn {
  private stateReleased = false;

  constructor(
    private readonly state: Turn,
    private readonly post: Turn,
  ) {}

  /** Resolves when the requests before this one in the channel are done changing things. */
  get ready(): Promise<void> {
    return this.state.ready;
  }

  /** Done changing: the next request may start; resolves when the requests before this one have posted. */
  async posting(): Promise<void> {
    this.releaseState();
    await this.post.ready;
  }

  /** Posted: the next request may post. */
  posted(): void {
    this.post.done();
  }

  /** The request ended (or failed): everything it still held is released. */
  end(): void {
    this.releaseState();
    this.post.done();
  }

  private releaseState(): void {
    if (this.stateReleased) return;
    this.stateReleased = true;
    this.state.done();
  }
}

/** Two keyed lines, for changes and for posts (see `StagedTurn`). */
export class StagedOrder {
  private readonly changes = new KeyedOrder();
  private readonly posts = new KeyedOrder();

  /** Takes the request's places in both lines of `key`. */
  enter(key: string): StagedTurn {
    return new StagedTurn(this.changes.enter(key), this.posts.enter(key));
  }
}

const TURN = Symbol('turn');

/** Hands a request's turn to its listener along with the payload (invisible to validation and to Slack). */
export function attachTurn(body: unknown, turn: StagedTurn): void {
  if (typeof body === 'object' && body !== null) Object.defineProperty(body, TURN, { value: turn });
}

/** The turn the app attached to a payload, if any. */
export function turnOf(body: unknown): StagedTurn | undefined {
  return typeof body === 'object' && body !== null ? (body as { [TURN]?: StagedTurn })[TURN] : undefined;
}

import { describe, expect, it } from 'vitest';
import { KeyedOrder, StagedOrder } from '../src/keyed-order.js';

/** A promise and the function that resolves it, so a test decides when work ends. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('KeyedOrder', () => {
  it('runs work of one key in the order it entered, whatever order it would finish in', async () => {
    const order = new KeyedOrder();
    const log: string[] = [];
    const gates = [gate(), gate(), gate()];
    const runs = gates.map(async (g, i) => {
      const turn = order.enter('C1');
      await turn.ready;
      log.push(`start ${i}`);
      await g.opened;
      log.push(`end ${i}`);
      turn.done();
    });
    // The last to enter is the first allowed to finish its own work: it still waits for the others.
    gates[2]!.open();
    gates[1]!.open();
    gates[0]!.open();
    await Promise.all(runs);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(order.size).toBe(0);
  });

  it('lets other keys go on while one key waits', async () => {
    const order = new KeyedOrder();
    const slow = order.enter('C1');
    const waiting = order.enter('C1');
    const other = order.enter('C2');
    let waitingReady = false;
    void waiting.ready.then(() => (waitingReady = true));
    await other.ready;
    expect(waitingReady).toBe(false);
    other.done();
    slow.done();
    await waiting.ready;
    waiting.done();
  });

  it('work that fails still lets the next one in line go', async () => {
    const order = new KeyedOrder();
    const failing = (async () => {
      const turn = order.enter('C1');
      try {
        await turn.ready;
        throw new Error('Slack refused');
      } finally {
        turn.done();
      }
    })();
    const next = order.enter('C1');
    await expect(failing).rejects.toThrow('Slack refused');
    await next.ready;
    next.done();
  });
});

describe('StagedOrder', () => {
  it('lets the next request change things while this one posts, and keeps the posts in order', async () => {
    const order = new StagedOrder();
    const log: string[] = [];
    const postGate = gate();
    const secondChanged = gate();
    const first = order.enter('C1');
    const second = order.enter('C1');
    const one = (async () => {
      await first.ready;
      log.push('1 changes');
      await first.posting();
      await postGate.opened;
      log.push('1 posts');
      first.posted();
      first.end();
    })();
    const two = (async () => {
      await second.ready;
      log.push('2 changes');
      secondChanged.open();
      await second.posting();
      log.push('2 posts');
      second.end();
    })();
    // The first request is still posting (its gate is closed) when the second one changes things.
    await secondChanged.opened;
    expect(log).toEqual(['1 changes', '2 changes']);
    postGate.open();
    await Promise.all([one, two]);
    expect(log).toEqual(['1 changes', '2 changes', '1 posts', '2 posts']);
  });
});

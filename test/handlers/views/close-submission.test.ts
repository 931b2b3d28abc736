import { describe, expect, it, vi } from 'vitest';
import { CLOSE_INPUTS, VIEW_IDS } from '../../../src/blocks/ids.js';
import { closeSubmission } from '../../../handlers/views/close.js';
import type { AppDeps } from '../../../src/app-deps.js';

function submission(values: { cause: string; resolution: string }) {
  const input = (id: string, value: string) => ({ [id]: { [id]: { type: 'plain_text_input', value } } });
  return {
    type: 'view_submission',
    user: { id: 'U0ALICE' },
    view: {
      id: 'V1',
      callback_id: VIEW_IDS.close,
      private_metadata: JSON.stringify({ incidentId: 'a'.repeat(24) }),
      state: { values: { ...input(CLOSE_INPUTS.cause, values.cause), ...input(CLOSE_INPUTS.resolution, values.resolution) } },
    },
  };
}

describe('closeSubmission', () => {
  it('answers a form without cause or resolution with field errors, in the ack, and does nothing else', async () => {
    const ack = vi.fn(async () => undefined);
    // Nothing but the ack may be touched on this path: dependencies that throw on any use prove it.
    const deps = new Proxy({}, { get: (_, key) => { throw new Error(`used deps.${String(key)}`); } }) as AppDeps;
    await closeSubmission({ ack, body: submission({ cause: ' ', resolution: '' }) as never, context: { deps } as never });
    expect(ack).toHaveBeenCalledExactlyOnceWith({
      response_action: 'errors',
      errors: {
        [CLOSE_INPUTS.cause]: 'Say what caused it (you can refine it later in the draft).',
        [CLOSE_INPUTS.resolution]: 'Say how it was resolved.',
      },
    });
  });
});

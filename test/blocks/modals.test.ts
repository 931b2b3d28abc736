import type { KnownBlock, PlainTextInput } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderCloseModal } from '../../src/blocks/modals.js';
import { fromPlainText } from '../../src/slack-text/index.js';
import { incident } from './fixtures.js';

/** The initial value of each text input, by block id. */
function initialValues(blocks: readonly KnownBlock[]): Record<string, string | undefined> {
  return Object.fromEntries(
    blocks
      .filter((block) => block.type === 'input' && block.element.type === 'plain_text_input')
      .map((block) => [block.block_id, (block as { element: PlainTextInput }).element.initial_value]),
  );
}

describe('renderCloseModal', () => {
  it('prefills the inputs with what people typed, not with Slack markup', () => {
    const view = renderCloseModal(
      incident({
        title: 'Checkout <!here> &amp; payments',
        cause: 'Expired secret &lt;oauth&gt; found by <@U0BOB|bob> in <#C0OPS|ops>',
        resolution: fromPlainText('Rotated it & redeployed <fast>'),
        impact: {
          text: 'Card payments failed, see <https://grafana.example/d/1|dashboard> and <https://status.example>',
        },
        actions: [
          {
            _id: undefined as never,
            text: 'Alert on &lt;expiry&gt; <!channel>',
            done: false,
            createdAt: new Date(0),
            createdBy: 'U0BOB',
          },
        ],
      }),
      'en',
    );
    expect(initialValues(view.blocks as KnownBlock[])).toEqual({
      cause: 'Expired secret <oauth> found by @bob in #ops',
      resolution: 'Rotated it & redeployed <fast>',
      impact: 'Card payments failed, see dashboard (https://grafana.example/d/1) and https://status.example',
      actions: undefined,
    });
    expect(view.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: 'Checkout @here & payments' }],
    });
    expect(JSON.stringify(view.blocks)).toContain('"text":"1. Alert on <expiry> @channel"');
  });
});

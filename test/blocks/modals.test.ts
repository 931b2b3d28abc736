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
      new Date('2024-03-05T10:00:00Z'),
    );
    expect(initialValues(view.blocks as KnownBlock[])).toEqual({
      cause: 'Expired secret <oauth> found by @bob in #ops',
      resolution: 'Rotated it & redeployed <fast>',
      impact: 'Card payments failed, see dashboard (https://grafana.example/d/1) and https://status.example',
      actions: undefined,
      remark: undefined,
    });
    expect(view.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: 'Checkout @here & payments' }],
    });
    expect(JSON.stringify(view.blocks)).toContain('"text":"1. Alert on <expiry> @channel"');
  });

  it('keeps every remediation item, ten checkboxes to a group, and prefills when it was resolved', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      _id: undefined as never,
      text: `Item ${i + 1}`,
      done: i === 10,
      createdAt: new Date(0),
      createdBy: 'U0BOB',
    }));
    const view = renderCloseModal(
      incident({ actions: items, resolvedAt: new Date('2024-03-05T09:30:00Z') }),
      'en',
      new Date('2024-03-05T10:00:00Z'),
    );
    const groups = (view.blocks as KnownBlock[]).filter(
      (block): block is KnownBlock & { element: { type: 'checkboxes'; options: { value: string }[]; initial_options?: { value: string }[] } } =>
        block.type === 'input' && block.element.type === 'checkboxes',
    );
    expect(groups.map((group) => group.element.options.map((option) => option.value))).toEqual([
      ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
      ['11', '12'],
    ]);
    expect(groups.map((group) => group.element.initial_options?.map((option) => option.value))).toEqual([undefined, ['11']]);
    expect(JSON.parse(view.private_metadata!)).toMatchObject({ groups: 2 });
    const resolvedAt = (view.blocks as KnownBlock[]).find((block) => block.block_id === 'resolved_at');
    expect(resolvedAt).toMatchObject({ element: { type: 'datetimepicker', initial_date_time: 1709631000 } });
  });

  it('offers an owner and a due date for the open items, in the opener’s zone, as many as Slack’s 100 blocks hold', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      _id: undefined as never,
      text: `Item ${i + 1}`,
      done: i === 0,
      createdAt: new Date(0),
      createdBy: 'U0BOB',
      ...(i === 1 ? { ownerId: 'U0CAROL', dueAt: new Date('2024-03-05T23:30:00Z') } : {}),
    }));
    const render = (zone?: string) => renderCloseModal(incident({ actions: items }), 'en', new Date('2024-03-05T10:00:00Z'), zone);
    const view = render('Europe/Paris');
    const blocks = view.blocks as Array<KnownBlock & { block_id?: string; element?: Record<string, unknown> }>;
    expect(blocks.length).toBeLessThanOrEqual(100);
    const owners = blocks.filter((block) => /^item_\d+_owner$/.test(block.block_id ?? ''));
    // Item 1 is done; items 2 to 38 fit beside the six checkbox groups and the three rows for new items.
    expect(owners.map((block) => block.block_id)).toEqual(Array.from({ length: 37 }, (_, i) => `item_${i + 2}_owner`));
    expect(blocks.find((block) => block.block_id === 'item_2_owner')).toMatchObject({
      optional: true,
      label: { text: '2. Item 2 — owner' },
      element: { type: 'users_select', initial_user: 'U0CAROL' },
    });
    // 23:30 UTC on 5 March is already 6 March in Paris.
    expect(blocks.find((block) => block.block_id === 'item_2_due')).toMatchObject({ element: { type: 'datepicker', initial_date: '2024-03-06' } });
    expect((render().blocks as typeof blocks).find((block) => block.block_id === 'item_2_due')).toMatchObject({ element: { initial_date: '2024-03-05' } });
    expect(JSON.stringify(blocks)).toContain(`Items ${Array.from({ length: 22 }, (_, i) => i + 39).join(', ')}: set them with`);
    expect(blocks.filter((block) => /^new_item_\d+(_owner|_due)?$/.test(block.block_id ?? '')).map((block) => block.block_id)).toEqual([
      'new_item_1', 'new_item_1_owner', 'new_item_1_due',
      'new_item_2', 'new_item_2_owner', 'new_item_2_due',
      'new_item_3', 'new_item_3_owner', 'new_item_3_due',
    ]);
    expect(JSON.parse(view.private_metadata!)).toMatchObject({
      groups: 6,
      items: Array.from({ length: 37 }, (_, i) => i + 2),
      zone: 'Europe/Paris',
    });
  });
});

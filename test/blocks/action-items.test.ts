import type { KnownBlock } from '@slack/types';
import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../models/incident.js';
import { renderItemList, renderItemReminder } from '../../src/blocks/action-items.js';
import { at, blockTexts, incident, notifiesNoGroup } from './fixtures.js';

const NOW = at('2024-09-20T09:00:00Z');

function item(fields: Partial<ActionItem> = {}): ActionItem {
  return {
    _id: new Types.ObjectId('66e0f0f0f0f0f0f0f0f0f0a1'),
    text: 'Alert <!channel> when &lt;card&gt; failures pass 5%\nand page <!subteam^S0ONCALL|@oncall>',
    done: false,
    createdAt: at('2024-09-11T09:00:00Z'),
    createdBy: 'U0ALICE',
    ownerId: 'U0BOB',
    dueAt: at('2024-09-18T09:00:00Z'),
    remindAt: at('2024-09-20T09:00:00Z'),
    remindersSent: 1,
    lastRemindedAt: at('2024-09-18T09:00:10Z'),
    ...fields,
  };
}

describe('remediation reminders and lists', () => {
  it('quote the item as typed, escaped once, with no broadcast or group live, and say it is overdue on a repeat', () => {
    const reminder = renderItemReminder({ incident: incident(), item: item(), number: 2 }, 'U0BOB', NOW);
    expect(notifiesNoGroup({ text: reminder.text, blocks: reminder.blocks! })).toBe(true);
    const texts = blockTexts(reminder.blocks as KnownBlock[]).map(({ text }) => text);
    expect(texts[0]).toBe(
      ':clipboard: *Remediation item 2 of incident #12 is overdue* — it was due <!date^1726650000^{date_short_pretty} {time}|2024-09-18 09:00 UTC> (again)',
    );
    expect(texts[1]).toBe('>Alert @\u2060channel when &lt;card&gt; failures pass 5%\n>and page @\u2060oncall');
    expect(texts[2]).toBe('<#C0INC12> · Incident #12: Checkout errors · You own it.');
  });

  it('tell a person an item was handed to them, and the commander that nobody owns it', () => {
    const handed = item({ ownerId: 'U0CAROL', ownerChanges: [{ ownerId: 'U0CAROL', by: 'U0BOB', at: at('2024-09-19T10:00:00Z') }] });
    const toCarol = JSON.stringify(renderItemReminder({ incident: incident(), item: handed, number: 2 }, 'U0CAROL', NOW).blocks);
    expect(toCarol).toContain('<@U0BOB> handed it to you.');
    expect(toCarol).not.toContain('(again)');
    const unowned = { ...item(), ownerId: undefined };
    expect(JSON.stringify(renderItemReminder({ incident: incident(), item: unowned, number: 2 }, 'U0ALICE', NOW).blocks)).toContain(
      'Nobody owns it, so it comes to you as the incident’s commander: reassign it below.',
    );
  });

  it('list one item per line, the text on one line, and whose it is when the list is everyone’s', () => {
    const entry = { incident: incident(), item: item(), number: 2, responsible: 'U0BOB' };
    const list = renderItemList([entry], 'all', NOW);
    expect(list.text).toBe('Open remediation items: 1 (1 overdue)');
    expect(notifiesNoGroup(list)).toBe(true);
    expect(blockTexts(list.blocks!)[1]!.text).toBe(
      ':warning: *overdue* since <!date^1726650000^{date_short_pretty} {time}|2024-09-18 09:00 UTC> — <#C0INC12> *#12* item 2: ' +
        'Alert @\u2060channel when &lt;card&gt; failures pass 5% and page @\u2060oncall · <@U0BOB>',
    );
  });
});

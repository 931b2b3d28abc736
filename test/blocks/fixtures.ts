import type { KnownBlock } from '@slack/types';
import { Types } from 'mongoose';
import type { Incident } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';

/** A Date from an ISO string. */
export const at = (iso: string): Date => new Date(iso);

/** An open incident declared at 09:00 UTC, with the fields given. */
export function incident(fields: Partial<Incident> = {}): Incident {
  return {
    _id: new Types.ObjectId('66e0f0f0f0f0f0f0f0f0f0f0'),
    number: 12,
    teamId: 'T0LOCAL',
    channelId: 'C0INC12',
    channelName: 'inc-20240911-checkout',
    title: 'Checkout errors',
    severity: 2,
    status: 'investigating',
    roles: { commander: 'U0ALICE' },
    impact: {},
    actions: [],
    remindersSent: 0,
    declaredAt: at('2024-09-11T09:00:00Z'),
    declaredBy: 'U0ALICE',
    nextUpdateDueAt: at('2024-09-11T09:30:00Z'),
    createdAt: at('2024-09-11T09:00:00Z'),
    updatedAt: at('2024-09-11T09:00:00Z'),
    ...fields,
  };
}

/** A public update typed by Bob at 09:10 UTC, with the fields given. */
export function entry(fields: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    _id: new Types.ObjectId('66e0f0f0f0f0f0f0f0f0f0f1'),
    incidentId: new Types.ObjectId('66e0f0f0f0f0f0f0f0f0f0f0'),
    kind: 'update',
    text: 'Rolled back',
    public: true,
    authorId: 'U0BOB',
    occurredAt: at('2024-09-11T09:10:00Z'),
    recordedAt: at('2024-09-11T09:10:00Z'),
    source: 'command',
    revisions: [],
    ...fields,
  };
}

/** Every text a block carries, with the limit Slack puts on it and whether Slack reads it as mrkdwn. */
export function blockTexts(
  blocks: readonly KnownBlock[],
): { text: string; limit: number; mrkdwn: boolean }[] {
  return blocks.flatMap((block) => {
    const texts: { text: string; limit: number; mrkdwn: boolean }[] = [];
    const add = (object: { type: string; text: string } | undefined, limit: number) => {
      if (object) texts.push({ text: object.text, limit, mrkdwn: object.type === 'mrkdwn' });
    };
    switch (block.type) {
      case 'header':
        add(block.text, 150);
        break;
      case 'section':
        add(block.text, 3000);
        for (const field of block.fields ?? []) add(field, 2000);
        break;
      case 'context':
        for (const element of block.elements) if ('text' in element) add(element, 3000);
        break;
      case 'actions':
        for (const element of block.elements) if ('text' in element && element.text) add(element.text, 75);
        break;
      default:
        break;
    }
    return texts;
  });
}

// Tokens that notify people who were not mentioned, and a plain `@word` Slack's automatic parsing could make one.
const LIVE_BROADCAST = /<!(?:channel|here|everyone|group|subteam)\b/;
const BARE_AT_WORD = /(?<![\p{L}\p{N}_])@(?=[\p{L}\p{N}_])/u;

/** True when no text of the message could notify a broadcast or a user group. */
export function notifiesNoGroup(message: { text: string; blocks?: readonly KnownBlock[] }): boolean {
  const texts = [{ text: message.text, mrkdwn: true }, ...blockTexts(message.blocks ?? [])];
  return texts.every(
    ({ text, mrkdwn }) =>
      !LIVE_BROADCAST.test(text) && (!mrkdwn || !BARE_AT_WORD.test(text.replace(/<[^<>]*>/g, ''))),
  );
}

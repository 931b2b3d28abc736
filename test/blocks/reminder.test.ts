import { describe, expect, it } from 'vitest';
import { renderEscalation } from '../../src/blocks/reminder.js';
import { at, incident, notifiesNoGroup } from './fixtures.js';

const J = '\u2060';

describe('renderEscalation', () => {
  it('names the incident as typed in the manager’s direct message, without notifying anyone else', () => {
    const overdue = {
      ...incident({ title: 'Checkout <!everyone> &amp; <https://status.example|status>' }),
      nextUpdateDueAt: at('2024-09-11T09:30:00Z'),
    };
    const dm = renderEscalation(overdue, at('2024-09-11T09:50:00Z'));
    expect(notifiesNoGroup(dm)).toBe(true);
    expect(dm.text).toContain(
      `SEV2 Incident #12: Checkout @${J}everyone &amp; <https://status.example|status> has had`,
    );
  });
});

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

  it('keeps a `*` of the title in the fallback text, and out of the bold in blocks', () => {
    const overdue = {
      ...incident({ title: 'Errors on *.example.com <https://grafana.example/d/1?var-host=*|dashboard>' }),
      nextUpdateDueAt: at('2024-09-11T09:30:00Z'),
    };
    const dm = renderEscalation(overdue, at('2024-09-11T09:50:00Z'));
    const title = 'Errors on *.example.com <https://grafana.example/d/1?var-host=*|dashboard>';
    expect(dm.text).toMatch(/^:rotating_light: SEV2 Incident #12: /);
    expect(dm.text).toContain(`Incident #12: ${title} has had no public update in the 50 min since`);
    const block = dm.blocks![0]!;
    expect(block.type === 'section' && block.text?.text).toMatch(
      /^:rotating_light: \*SEV2 Incident #12:\* Errors on \*\.example\.com <https:\/\/grafana\.example\/d\/1\?var-host=\*\|dashboard> has had no public update in the \*50 min\* since/,
    );
  });
});

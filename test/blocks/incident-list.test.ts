import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { renderHome, renderIncidentList } from '../../src/blocks/incident-list.js';
import { at, blockTexts, incident, notifiesNoGroup } from './fixtures.js';

const NOW = at('2024-09-11T09:05:00Z');
const J = '\u2060';

describe('App Home and /incident list', () => {
  const incidents = [incident({ title: 'Checkout <!channel> &amp; <!subteam^S0ONCALL|@oncall> &lt;eu&gt;' })];

  it('shows titles as typed, escaped once, with no broadcast or group live', () => {
    const home = renderHome(incidents, NOW);
    const list = renderIncidentList(incidents, NOW);
    expect(notifiesNoGroup({ text: '', blocks: home.blocks as KnownBlock[] })).toBe(true);
    expect(notifiesNoGroup(list)).toBe(true);
    for (const blocks of [home.blocks as KnownBlock[], list.blocks!]) {
      expect(
        blockTexts(blocks)
          .map(({ text }) => text)
          .join('\n'),
      ).toContain(`*#12* Checkout @${J}channel &amp; @${J}oncall &lt;eu&gt;\n`);
    }
  });
});

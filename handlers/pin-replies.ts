import type { PinOutcome, UnpinOutcome } from '../src/flows/pin-message.js';
import { mention } from '../src/blocks/incident-card.js';

/** What the person who pinned a message is told. */
export function pinAnswer(outcome: PinOutcome): string {
  switch (outcome.kind) {
    case 'added':
      return ':pushpin: Added to the incident timeline.';
    case 'restored':
      return ':pushpin: Back in the incident timeline.';
    case 'joined':
    case 'unchanged':
      return ':pushpin: That message is already in the timeline.';
    case 'own-post':
      return ':pushpin: That is the bot’s own post: what it shows is already in the incident timeline.';
  }
}

/** What the person who took their pin back is told. */
export function unpinAnswer(outcome: UnpinOutcome): string {
  if (outcome.kind === 'removed') return ':pushpin: Removed from the incident timeline; the internal appendix keeps it, marked removed.';
  return `:pushpin: Still in the incident timeline: ${outcome.pinnedBy.map(mention).join(', ')} pinned it too.`;
}

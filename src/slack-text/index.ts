export {
  decodeEntities,
  escapeEntities,
  fromPlainText,
  mentionedUserIds,
  parseSlackText,
  toNodes,
  toWire,
  type BroadcastKind,
  type SlackNode,
  type SlackText,
} from './parse.js';
export {
  defuseBroadcasts,
  dropControls,
  INERT_AT,
  MAX_TOKEN_LENGTH,
  toEditableText,
  toFallbackText,
  toMrkdwn,
  toPlainText,
  type UserNames,
} from './render.js';
export { toMarkdown } from './markdown.js';
export { splitMrkdwn, truncateMrkdwn, truncatePlain } from './limits.js';

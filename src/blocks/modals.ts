import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { STATUSES, type Incident, type Status } from '../../models/incident.js';
import { LOCALES, SEVERITIES, type Locale } from '../config.js';
import {
  CLOSE_INPUTS,
  DECLARE_INPUTS,
  DONE_GROUP_SIZE,
  doneGroupId,
  itemInputIds,
  NEW_ITEM_ROWS,
  newItemInputIds,
  STATUS_INPUTS,
  UPDATE_INPUTS,
  VIEW_IDS,
} from './ids.js';
import { STATUS_LABELS } from './incident-card.js';
import { toEditableText, toPlainText, truncatePlain } from '../slack-text/index.js';
import { dayIn } from '../time/time-argument.js';

const SEVERITY_OPTIONS: PlainTextOption[] = SEVERITIES.map((severity) => ({
  text: { type: 'plain_text', text: `SEV${severity}${severity === 1 ? ' (critical)' : severity === 4 ? ' (minor)' : ''}` },
  value: String(severity),
}));

const STATUS_OPTIONS: PlainTextOption[] = STATUSES.map((status) => ({
  text: { type: 'plain_text', text: STATUS_LABELS[status] },
  value: status,
}));

const NEXT_OPTIONS: PlainTextOption[] = ['15m', '30m', '45m', '1h', '2h'].map((value) => ({
  text: { type: 'plain_text', text: value },
  value,
}));

/** True when stored text is too long to be shown, whole, in an input of `max` characters. */
export function tooLongToEdit(initial: string | undefined, max = 3000): boolean {
  return initial !== undefined && toEditableText(initial).length > max;
}

function textInput(
  id: string,
  label: string,
  options: { multiline?: boolean; optional?: boolean; initial?: string; placeholder?: string; max?: number } = {},
): KnownBlock {
  const max = options.max ?? 3000;
  // Text longer than an input holds is never cut into it: the field stays empty and keeps what was recorded.
  const kept = tooLongToEdit(options.initial, max);
  return {
    type: 'input',
    block_id: id,
    optional: kept || (options.optional ?? false),
    label: { type: 'plain_text', text: label },
    ...(kept
      ? { hint: { type: 'plain_text', text: `Kept as recorded (${toEditableText(options.initial!).length.toLocaleString('en')} characters): leave empty to keep it, or type to replace it.` } }
      : {}),
    element: {
      type: 'plain_text_input',
      action_id: id,
      multiline: options.multiline ?? false,
      max_length: max,
      // Inputs show raw text: the stored wire text goes back to what the person typed.
      ...(options.initial && !kept ? { initial_value: toEditableText(options.initial) } : {}),
      ...(options.placeholder ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
    },
  };
}

function modal(callbackId: string, title: string, submit: string, blocks: KnownBlock[], metadata: object): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: truncatePlain(title, 24) },
    submit: { type: 'plain_text', text: truncatePlain(submit, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/** What the declare modal remembers between opening and submission. */
export interface DeclareModalMetadata {
  here: boolean;
  channelId: string;
}

/** The declare form: title, severity, summary, commander. */
export function renderDeclareModal(options: { severity: number; here: boolean; channelId: string }): ModalView {
  const metadata: DeclareModalMetadata = { here: options.here, channelId: options.channelId };
  return modal(VIEW_IDS.declare, 'Declare an incident', 'Declare', [
    textInput(DECLARE_INPUTS.title, 'Title', { placeholder: 'Checkout fails for card payments', max: 150 }),
    {
      type: 'input',
      block_id: DECLARE_INPUTS.severity,
      label: { type: 'plain_text', text: 'Severity' },
      element: {
        type: 'static_select',
        action_id: DECLARE_INPUTS.severity,
        options: SEVERITY_OPTIONS,
        initial_option: SEVERITY_OPTIONS.find((option) => option.value === String(options.severity)) ?? SEVERITY_OPTIONS[2]!,
      },
    },
    textInput(DECLARE_INPUTS.summary, 'What is happening (first public update)', { multiline: true, optional: true }),
    ownerInput(DECLARE_INPUTS.commander, 'Commander (you, if empty)'),
  ], metadata);
}

/** What the close form remembers besides its incident: how many groups of remediation items it shows. */
export interface CloseModalMetadata extends IncidentModalMetadata {
  groups: number;
  /** Required fields left empty because their recorded text is longer than an input holds: empty keeps it. */
  kept: Array<'cause' | 'resolution'>;
  /** The open items whose owner and due date the form shows, by number. */
  items: number[];
  /** The zone its dates are days of (the person's who opened it); UTC when unset. */
  zone?: string;
}

/** What the update, status and close modals remember: which incident, and its channel (submissions line up behind its commands). */
export interface IncidentModalMetadata {
  incidentId: string;
  channelId: string;
}

/** The Post update form (card button, reminder button). */
export function renderUpdateModal(incident: Incident): ModalView {
  return modal(
    VIEW_IDS.update,
    `Update #${incident.number}`,
    'Post update',
    [
      {
        type: 'context',
        elements: [{ type: 'plain_text', text: truncatePlain(toPlainText(incident.title), 150) }],
      },
      textInput(UPDATE_INPUTS.text, 'Update', { multiline: true, placeholder: 'What changed, what we are doing, what customers see' }),
      {
        type: 'input',
        block_id: UPDATE_INPUTS.next,
        optional: true,
        label: { type: 'plain_text', text: 'Next update in (default cadence if empty)' },
        element: { type: 'static_select', action_id: UPDATE_INPUTS.next, options: NEXT_OPTIONS },
      },
      {
        type: 'input',
        block_id: UPDATE_INPUTS.visibility,
        optional: true,
        label: { type: 'plain_text', text: 'Visibility' },
        element: {
          type: 'checkboxes',
          action_id: UPDATE_INPUTS.visibility,
          options: [{ text: { type: 'plain_text', text: 'Internal only (not a public update)' }, value: 'internal' }],
        },
      },
    ],
    { incidentId: String(incident._id), channelId: incident.channelId } satisfies IncidentModalMetadata,
  );
}

/** The Change status form (card button). */
export function renderStatusModal(incident: Incident): ModalView {
  const others = STATUS_OPTIONS.filter((option) => option.value !== incident.status);
  return modal(
    VIEW_IDS.status,
    `Status of #${incident.number}`,
    'Change status',
    [
      {
        type: 'input',
        block_id: STATUS_INPUTS.status,
        label: { type: 'plain_text', text: `New status (now ${STATUS_LABELS[incident.status as Status]})` },
        element: { type: 'static_select', action_id: STATUS_INPUTS.status, options: others },
      },
      textInput(STATUS_INPUTS.text, 'Public update with it (optional)', { multiline: true, optional: true }),
    ],
    { incidentId: String(incident._id), channelId: incident.channelId } satisfies IncidentModalMetadata,
  );
}

const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', de: 'Deutsch', it: 'Italiano' };

/** One checkbox per remediation item, ten to a group (Slack's limit), each group ticking the items already done. */
function doneGroups(incident: Incident): KnownBlock[] {
  const groups: KnownBlock[] = [];
  for (let start = 0; start < incident.actions.length; start += DONE_GROUP_SIZE) {
    const items = incident.actions.slice(start, start + DONE_GROUP_SIZE).map((action, offset) => ({
      option: {
        text: { type: 'plain_text' as const, text: truncatePlain(`${start + offset + 1}. ${toPlainText(action.text)}`, 75) },
        value: String(start + offset + 1),
      },
      done: action.done,
    }));
    const done = items.filter((item) => item.done).map((item) => item.option);
    const id = doneGroupId(start / DONE_GROUP_SIZE);
    const label =
      incident.actions.length <= DONE_GROUP_SIZE
        ? 'Remediation items done'
        : `Remediation items done (${start + 1}–${start + items.length} of ${incident.actions.length})`;
    groups.push({
      type: 'input',
      block_id: id,
      optional: true,
      label: { type: 'plain_text', text: label },
      element: {
        type: 'checkboxes',
        action_id: id,
        options: items.map((item) => item.option),
        ...(done.length > 0 ? { initial_options: done } : {}),
      },
    });
  }
  return groups;
}

/** Slack takes 100 blocks in a modal. */
const MODAL_BLOCKS = 100;

/** An optional input whose element's action id is its block id, as every input of our forms. */
function optionalInput(id: string, label: string, element: Record<string, unknown>): KnownBlock {
  return { type: 'input', block_id: id, optional: true, label: { type: 'plain_text', text: label }, element: { ...element, action_id: id } } as KnownBlock;
}

function ownerInput(id: string, label: string, initialUser?: string): KnownBlock {
  return optionalInput(id, label, { type: 'users_select', ...(initialUser ? { initial_user: initialUser } : {}) });
}

function dueInput(id: string, label: string, initialDate?: string): KnownBlock {
  return optionalInput(id, label, { type: 'datepicker', ...(initialDate ? { initial_date: initialDate } : {}) });
}

function contextLine(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/**
 * An owner and a due date for each open item, two inputs each, as many as the modal's 100 blocks leave room for
 * (`room` blocks); the numbers shown, and a line naming the commands for the rest.
 */
function openItemInputs(incident: Incident, room: number, zone: string | undefined): { blocks: KnownBlock[]; items: number[] } {
  const open = incident.actions.flatMap((item, index) => (item.done ? [] : [{ item, number: index + 1 }]));
  if (open.length === 0) return { blocks: [], items: [] };
  const fits = Math.max(0, Math.floor((room - 2) / 2));
  const shown = open.slice(0, fits);
  const blocks: KnownBlock[] = [
    contextLine('*Owners and due dates.* When an open item falls due, its owner (else the commander) is reminded by direct message until it is done.'),
  ];
  for (const { item, number } of shown) {
    const ids = itemInputIds(number);
    blocks.push(
      ownerInput(ids.owner, truncatePlain(`${number}. ${toPlainText(item.text)} — owner`, 150), item.ownerId),
      dueInput(ids.due, `${number}. Due date`, item.dueAt ? dayIn(item.dueAt, zone) : undefined),
    );
  }
  if (shown.length < open.length) {
    const rest = open.slice(shown.length).map(({ number }) => number);
    blocks.push(contextLine(`Items ${rest.join(', ')}: set them with \`/incident action owner N @name\` and \`/incident action due N 2w\`.`));
  }
  return { blocks, items: shown.map(({ number }) => number) };
}

/** The rows for new items with an owner and a due date: what, who, by when. */
function newItemRows(): KnownBlock[] {
  return Array.from({ length: NEW_ITEM_ROWS }, (_, row) => {
    const ids = newItemInputIds(row);
    return [
      textInput(ids.text, `New item ${row + 1}`, { optional: true, placeholder: 'e.g. Alert when card failures pass 5%' }),
      ownerInput(ids.owner, `New item ${row + 1}: owner`),
      dueInput(ids.due, `New item ${row + 1}: due date`),
    ];
  }).flat();
}

/**
 * The close form: root cause, resolution, impact and when it was resolved prefilled, every remediation item to
 * tick done, an owner and a due date for the open items (as many as fit), new items with their owner and due
 * date (a few rows, and a box for more, one per line), a closing remark, and the draft's language. Its dates are
 * days in `zone`, the zone of the person who opens it.
 */
export function renderCloseModal(incident: Incident, locale: Locale, now: Date, zone?: string): ModalView {
  const localeOptions: PlainTextOption[] = LOCALES.map((value) => ({ text: { type: 'plain_text', text: LOCALE_NAMES[value] }, value }));
  const resolvedAt = incident.resolvedAt ?? now;
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [{ type: 'plain_text', text: truncatePlain(toPlainText(incident.title), 150) }] },
    textInput(CLOSE_INPUTS.cause, 'Root cause', { multiline: true, initial: incident.cause }),
    textInput(CLOSE_INPUTS.resolution, 'Resolution', { multiline: true, initial: incident.resolution }),
    textInput(CLOSE_INPUTS.impact, 'Who was affected, and how', { multiline: true, optional: true, initial: incident.impact.text }),
    {
      type: 'input',
      block_id: CLOSE_INPUTS.resolvedAt,
      label: { type: 'plain_text', text: 'Resolved at' },
      hint: { type: 'plain_text', text: 'When customers stopped being affected, in your time zone.' },
      element: {
        type: 'datetimepicker',
        action_id: CLOSE_INPUTS.resolvedAt,
        initial_date_time: Math.floor(resolvedAt.getTime() / 1000),
      },
    },
    ...doneGroups(incident),
  ];
  const tail: KnownBlock[] = [
    ...newItemRows(),
    textInput(CLOSE_INPUTS.actions, 'More new items, one per line (no owner or due date)', { multiline: true, optional: true }),
    textInput(CLOSE_INPUTS.remark, 'Remark after the remediation items', {
      multiline: true,
      optional: true,
      initial: incident.remark,
      placeholder: 'e.g. Our payment partner will publish remediation items of its own.',
    }),
    {
      type: 'input',
      block_id: CLOSE_INPUTS.locale,
      label: { type: 'plain_text', text: 'Language of the draft' },
      element: {
        type: 'static_select',
        action_id: CLOSE_INPUTS.locale,
        options: localeOptions,
        initial_option: localeOptions.find((option) => option.value === locale) ?? localeOptions[0]!,
      },
    },
  ];
  const owners = openItemInputs(incident, MODAL_BLOCKS - blocks.length - tail.length, zone);
  return modal(VIEW_IDS.close, `Close #${incident.number}`, 'Close and draft', [...blocks, ...owners.blocks, ...tail], {
    incidentId: String(incident._id),
    channelId: incident.channelId,
    groups: Math.ceil(incident.actions.length / DONE_GROUP_SIZE),
    kept: (['cause', 'resolution'] as const).filter((field) => tooLongToEdit(incident[field])),
    items: owners.items,
    ...(zone ? { zone } : {}),
  } satisfies CloseModalMetadata);
}

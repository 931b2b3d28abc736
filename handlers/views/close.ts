import type { ListenerTable } from '../listener-table.js';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { CLOSE_INPUTS, doneGroupId, itemInputIds, NEW_ITEM_ROWS, newItemInputIds, VIEW_IDS } from '../../src/blocks/ids.js';
import { LOCALES } from '../../src/config.js';
import { applyCloseFormItems, type CloseFormItem } from '../../src/flows/action-items.js';
import { closeWithDraft } from '../../src/flows/close.js';
import type { NewActionItem } from '../../src/services/action-items.js';
import { incidentIdSchema } from '../../src/services/incident-queries.js';
import { fromPlainText } from '../../src/slack-text/index.js';
import { resolveDue } from '../../src/time/time-argument.js';
import { depsOf } from '../context.js';
import { firstDelivery } from '../once.js';
import { checkedIn, inputOf, readInputs, readMetadata, viewSubmission, type ViewListenerArgs, type ViewSubmission } from './state.js';

const metadata = z.object({
  incidentId: incidentIdSchema,
  groups: z.number().int().min(0).max(100).default(0),
  kept: z.array(z.enum(['cause', 'resolution'])).default([]),
  items: z.array(z.number().int().min(1)).max(100).default([]),
  zone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'not a time zone')
    .optional(),
});

const USER_ID = /^[UW][A-Z0-9]+$/;

/** A picked user, when the picker holds one (ids only: nothing else reaches a query). */
function pickedUser(view: ViewSubmission['view'], id: string): string | undefined {
  const user = inputOf(view, id)?.selected_user ?? undefined;
  return user && USER_ID.test(user) ? user : undefined;
}

/**
 * The new items of the form's rows (what, who, by when: a day is due by its end in the form's zone), and the
 * problems of rows that cannot become items.
 */
function newItemsFromRows(view: ViewSubmission['view'], zone: string | undefined, now: Date) {
  const items: NewActionItem[] = [];
  const errors: Record<string, string> = {};
  for (let row = 0; row < NEW_ITEM_ROWS; row += 1) {
    const ids = newItemInputIds(row);
    const text = fromPlainText(inputOf(view, ids.text)?.value?.trim() ?? '');
    const ownerId = pickedUser(view, ids.owner);
    const day = inputOf(view, ids.due)?.selected_date ?? undefined;
    const dueAt = day ? resolveDue({ kind: 'on', day }, now, zone) : undefined;
    if (!text) {
      if (ownerId || day) errors[ids.text] = 'Say what needs doing: an owner or a date alone makes no item.';
      continue;
    }
    if (dueAt && dueAt.getTime() <= now.getTime()) {
      errors[ids.due] = 'That day is over: pick one to come.';
      continue;
    }
    items.push({ text, ...(ownerId ? { ownerId } : {}), ...(dueAt ? { dueAt } : {}) });
  }
  return { items, errors };
}

/** The owners and days the form shows for existing open items (unchanged ones included; the flow compares). */
function existingItems(view: ViewSubmission['view'], numbers: readonly number[]): CloseFormItem[] {
  return numbers.map((number) => {
    const ids = itemInputIds(number);
    const ownerId = pickedUser(view, ids.owner);
    const day = inputOf(view, ids.due)?.selected_date ?? undefined;
    return { number, ...(ownerId ? { ownerId } : {}), ...(day ? { day } : {}) };
  });
}

/** How far ahead of the server's clock a "Resolved at" may be before it counts as the future. */
const CLOCK_SKEW_MS = 60_000;

/** The close form: checked on the field, then closed once (however often it is submitted) and drafted. */
export async function closeSubmission({ ack, body, context }: ViewListenerArgs): Promise<void> {
  const deps = depsOf(context);
  const payload = viewSubmission.parse(body);
  const inputs = readInputs(payload.view, CLOSE_INPUTS);
  const { incidentId, groups, kept, items, zone } = readMetadata(payload.view, metadata);
  const cause = inputs.text('cause');
  const resolution = inputs.text('resolution');
  const resolvedAt = inputs.dateTime('resolvedAt');
  const now = new Date();
  const errors: Record<string, string> = {};
  if (!cause && !kept.includes('cause')) errors[CLOSE_INPUTS.cause] = 'Say what caused it (you can refine it later in the draft).';
  if (!resolution && !kept.includes('resolution')) errors[CLOSE_INPUTS.resolution] = 'Say how it was resolved.';
  if (resolvedAt && resolvedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) errors[CLOSE_INPUTS.resolvedAt] = 'That is in the future.';
  const rows = newItemsFromRows(payload.view, zone, now);
  Object.assign(errors, rows.errors);
  if (Object.keys(errors).length > 0) {
    await ack({ response_action: 'errors', errors });
    return;
  }
  await ack();
  if (!(await firstDelivery(deps, `view:${payload.view.id}`))) return;
  const actor = { userId: payload.user.id, now, source: 'modal' as const };
  // Owners and due dates of the items already listed, before the close drafts the postmortem with them.
  await applyCloseFormItems(deps, incidentId, existingItems(payload.view, items), zone, actor);
  const groupIds = Array.from({ length: groups }, (_, group) => doneGroupId(group));
  await closeWithDraft(deps, incidentId, {
    // An empty field the form left empty on purpose keeps the longer text already recorded.
    cause: cause || undefined,
    resolution: resolution || undefined,
    impactText: inputs.text('impact') || undefined,
    remark: inputs.text('remark') || undefined,
    ...(resolvedAt ? { resolvedAt } : {}),
    newActions: [
      ...rows.items,
      ...inputs
        .text('actions')
        .split('\n')
        .map((line) => line.replace(/^\s*[-*•]\s*/, '').trim())
        .filter(Boolean)
        .map((text) => ({ text })),
    ],
    doneActions: checkedIn(payload.view, groupIds).map(Number),
    locale: LOCALES.find((value) => value === inputs.option('locale')),
    userId: payload.user.id,
    now,
    source: 'modal',
  });
}

/** Registers the close form's submission. */
export function register(forms: ListenerTable<ViewListenerArgs>): void {
  forms.on(VIEW_IDS.close, closeSubmission);
}

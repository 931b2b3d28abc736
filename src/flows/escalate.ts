import type { Incident } from '../../models/incident.js';
import type { TimelineEntry } from '../../models/timeline-entry.js';
import type { AppDeps } from '../app-deps.js';
import { renderEscalation, renderEscalationNotice } from '../blocks/reminder.js';
import { recordDeliveryFailure } from '../services/incident-writes.js';
import {
  claimEscalation,
  markEscalated,
  recordManagerReached,
  recordManagersUnreachable,
  type EscalateStep,
} from '../services/reminder-steps.js';
import { setEntryMessage } from '../services/timeline.js';
import { sendDirectMessage } from '../slack/direct-messages.js';
import { describeSlackFailure } from '../slack/failures.js';
import { displayNames } from '../slack/users.js';
import { sentLate, type Running } from './step-context.js';

/** Some managers' direct messages did not go through on this attempt; the job tries them again. */
export class ManagersNotReachedYet extends Error {
  override name = 'ManagersNotReachedYet';
  constructor(
    readonly pending: readonly string[],
    readonly reason: unknown,
  ) {
    super(`direct message not delivered yet to ${pending.join(', ')}`);
  }
}

/** Posts (once) the channel's notice of an escalation, naming who was reached and who was not. */
async function postNotice(deps: AppDeps, incident: Incident, escalation: TimelineEntry): Promise<void> {
  if (escalation.slack?.ts) return;
  const reached = escalation.notified ?? [];
  const unreachable = escalation.unreachable ?? [];
  const names = await displayNames(deps.stepSlack, [...reached, ...unreachable]);
  const notice = renderEscalationNotice({ reached: reached.map((id) => names[id] ?? id), unreachable: unreachable.map((id) => names[id] ?? id) });
  const posted = await deps.stepSlack.chat.postMessage({ channel: incident.channelId, text: notice.text, blocks: notice.blocks });
  await setEntryMessage(escalation._id, { channelId: incident.channelId, ts: String(posted.ts) });
}

/**
 * Escalates an overdue promise: each manager not reached yet gets the direct message (each once, across
 * attempts: who was reached is stored), then the channel is told who was reached. A manager Slack refuses fails
 * this attempt, so the channel hears nothing until every direct message went through or the job gave up.
 */
export async function escalate(deps: AppDeps, incident: Running, step: EscalateStep, now: Date): Promise<Incident | null> {
  const { entry, created } = await claimEscalation(incident, step, now);
  const reached = new Set(entry.notified ?? []);
  const pending = deps.config.managerUserIds.filter((manager) => !reached.has(manager));
  if (pending.length > 0) {
    const dm = renderEscalation(incident, now);
    const results = await Promise.allSettled(pending.map((manager) => sendDirectMessage(deps.stepSlack, manager, dm)));
    const failed: string[] = [];
    let cause: unknown;
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') {
        await recordManagerReached(entry, pending[i]!);
        reached.add(pending[i]!);
      } else {
        failed.push(pending[i]!);
        cause = result.reason;
      }
    }
    if (failed.length > 0) throw new ManagersNotReachedYet(failed, cause);
  }
  if (created || pending.length > 0) {
    sentLate(deps, step);
    deps.metrics.escalations.inc();
  }
  await postNotice(deps, incident, { ...entry, notified: [...reached] });
  return markEscalated(incident, step, now);
}

/**
 * Ends an escalation Slack kept refusing: the managers not reached are recorded as unreachable, the channel and the
 * card say so in plain words, and the promise moves on so reminders go on.
 */
export async function giveUpEscalation(deps: AppDeps, incident: Running, step: EscalateStep, error: unknown, now: Date): Promise<Incident | null> {
  const { entry } = await claimEscalation(incident, step, now);
  const reached = new Set(entry.notified ?? []);
  const unreachable = deps.config.managerUserIds.filter((manager) => !reached.has(manager));
  const recorded = (await recordManagersUnreachable(entry, unreachable)) ?? entry;
  const cause = error instanceof ManagersNotReachedYet ? error.reason : error;
  const names = await displayNames(deps.stepSlack, unreachable).catch(() => ({}) as Record<string, string>);
  await recordDeliveryFailure(
    incident._id,
    `The escalation could not reach ${unreachable.map((id) => names[id] ?? id).join(', ')} by direct message: ${describeSlackFailure(cause)}.`,
    now,
  );
  await postNotice(deps, incident, recorded).catch((noticeError: unknown) =>
    deps.logger.warn({ err: noticeError, incidentId: String(incident._id) }, 'could not post the escalation notice'),
  );
  return markEscalated(incident, step, now);
}

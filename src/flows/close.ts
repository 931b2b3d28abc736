import type { Incident } from '../../models/incident.js';
import type { AppDeps } from '../app-deps.js';
import type { Locale } from '../config.js';
import { requireIncident } from '../services/incident-queries.js';
import { closeIncident, type CloseInput } from '../services/lifecycle.js';
import { publishPostmortem } from './postmortem.js';

/**
 * Closes an incident from the close form: records the postmortem fields and the close (once, however
 * often the form is submitted), stops the reminders, brings the card up to date, posts the internal and
 * the customer drafts to the channel, and sends the customer draft to the comms lead.
 */
export async function closeWithDraft(
  deps: AppDeps,
  incidentId: string,
  input: Omit<CloseInput, 'locale'> & { locale?: Locale },
): Promise<Incident> {
  const incident = await requireIncident(incidentId);
  const locale = input.locale ?? incident.locale ?? deps.config.postmortemLocale;
  const closed = await closeIncident(incident, { ...input, locale });
  deps.recentIncidents.remember(closed);
  await deps.reminders.schedule(closed);
  await deps.cards.refresh(closed);
  await publishPostmortem(deps, closed, closed.locale ?? locale, {
    audiences: ['internal', 'customers'],
    toCommsLead: 'customers',
    requestedBy: input.userId,
  });
  return closed;
}

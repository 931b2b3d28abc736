import { randomBytes } from 'node:crypto';
import type { Incident } from '../../models/incident.js';
import type { Severity } from '../../src/config.js';
import { declareIncident } from '../../src/services/lifecycle.js';
import type { CadencePolicy } from '../../src/services/promises.js';

/** A 30-minute cadence for every severity, SEV4 without reminders. */
export const THIRTY_MINUTES: CadencePolicy = (severity: Severity) => (severity === 4 ? null : 30 * 60_000);

/** Declares an incident straight through the service, in a channel of its own, at `now`. */
export function declareAt(now: Date, options: { severity?: Severity; summary?: string; policy?: CadencePolicy } = {}): Promise<Incident> {
  const channelId = `C${randomBytes(5).toString('hex').toUpperCase()}`;
  return declareIncident(
    {
      teamId: 'T0TEST',
      channelId,
      channelName: `inc-${channelId.toLowerCase()}`,
      title: 'Checkout fails',
      severity: options.severity ?? 2,
      ...(options.summary ? { summary: options.summary } : {}),
      declaredBy: 'U0ALICE',
      now,
    },
    options.policy ?? THIRTY_MINUTES,
  );
}

/** `base` plus `minutes`. */
export function minutesAfter(base: Date, minutes: number): Date {
  return new Date(base.getTime() + minutes * 60_000);
}

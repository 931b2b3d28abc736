import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../models/incident.js';
import { RecentIncidents } from '../../src/services/recent-incidents.js';

const id = new Types.ObjectId();
const state = (channelId: string, updatedAt: string, extra: Partial<Incident> = {}) =>
  ({ _id: id, channelId, updatedAt: new Date(updatedAt), ...extra }) as Incident;

describe('RecentIncidents', () => {
  it('keeps the newest state it was shown of a channel’s incident, whatever order the states come in', () => {
    const recent = new RecentIncidents();
    recent.remember(state('C1', '2026-11-01T10:00:02Z'));
    recent.remember(state('C1', '2026-11-01T10:00:01Z'));
    recent.remember(state('C2', '2026-11-01T10:00:01Z'));
    recent.remember(state('C2', '2026-11-01T10:00:02Z'));
    expect(recent.get('C1')?.updatedAt).toEqual(new Date('2026-11-01T10:00:02Z'));
    expect(recent.get('C2')?.updatedAt).toEqual(new Date('2026-11-01T10:00:02Z'));
  });

  it('forgets a channel on request, so the next update reads its incident', () => {
    const recent = new RecentIncidents();
    recent.remember(state('C1', '2026-11-01T10:00:00Z'));
    recent.remember(state('C2', '2026-11-01T10:00:00Z'));
    recent.forget('C1');
    expect(recent.get('C1')).toBeUndefined();
    expect(recent.get('C2')).toMatchObject({ channelId: 'C2' });
  });

  it('drops a closed incident and, past its capacity, the channel seen longest ago', () => {
    const recent = new RecentIncidents(2);
    recent.remember(state('C1', '2026-11-01T10:00:00Z'));
    recent.remember(state('C2', '2026-11-01T10:00:00Z'));
    recent.remember(state('C3', '2026-11-01T10:00:00Z'));
    expect(['C1', 'C2', 'C3'].map((channel) => recent.get(channel) !== undefined)).toEqual([false, true, true]);
    recent.remember(state('C3', '2026-11-01T10:05:00Z', { closedAt: new Date('2026-11-01T10:05:00Z') }));
    expect(recent.get('C3')).toBeUndefined();
  });
});

import mongoose, { Schema, type Types } from 'mongoose';
import type { Severity } from '../src/config.js';
import { INCIDENT_ROLES, STATUSES, type IncidentRole, type Status } from './incident.js';

export const ENTRY_KINDS = [
  'update',
  'status',
  'severity',
  'role',
  'note',
  'pinned',
  'reminder',
  'escalation',
  'action',
  'system',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_SOURCES = ['command', 'modal', 'reaction', 'shortcut', 'system'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

export const SYSTEM_EVENTS = [
  'declared',
  'reopened',
  'closed',
  'impact_started',
  'impact_ended',
  'impact_described',
  'promise',
  'reminders_changed',
  'snoozed',
] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];

/** What set the running promise: `--next`, the update's own words, the cadence, a snooze, a severity change, `remind`. */
export const NEXT_UPDATE_SOURCES = ['flag', 'text', 'cadence', 'snooze', 'severity', 'remind'] as const;
export type NextUpdateSource = (typeof NEXT_UPDATE_SOURCES)[number];

/** Stored on an entry that sets or changes the running promise; `dueAt: null` means no promise runs after it. */
export interface NextUpdate {
  dueAt: Date | null;
  source: NextUpdateSource;
}

/** An earlier text of an entry, kept when the Slack message it came from was edited or deleted. */
export interface Revision {
  text: string;
  replacedAt: Date;
}

/** Someone pinning a message to the timeline, or taking their pin back (removing their reaction). */
export interface PinChange {
  userId: string;
  action: 'pinned' | 'unpinned';
  at: Date;
}

/** One line of an incident's timeline. Public entries are the updates the postmortem shows. */
export interface TimelineEntry {
  _id: Types.ObjectId;
  incidentId: Types.ObjectId;
  kind: EntryKind;
  text: string;
  public: boolean;
  /** Slack user id; unset for entries the bot wrote itself. */
  authorId?: string;
  /** When it happened (may be backdated with `--at`). */
  occurredAt: Date;
  /** When it was stored. */
  recordedAt: Date;
  source: EntrySource;
  /** The Slack message it came from (a pinned message) or the bot's post of it. */
  slack?: { channelId: string; ts: string; permalink?: string };
  revisions: Revision[];
  deletedAt?: Date;
  /** When a person took the entry back (`/incident retract`); it leaves the public timeline, and stays in the appendix. */
  retractedAt?: Date;
  /** Who took it back. */
  retractedBy?: string;
  /** On entries that set or move the running promise: when the next public update is due after it. */
  nextUpdate?: NextUpdate;
  /** Kind-specific facts, for the draft's figures and appendix. */
  status?: Status;
  severity?: Severity;
  role?: { role: IncidentRole; userId: string };
  /** What a `system` entry records. */
  event?: SystemEvent;
  /** For `action` entries: which remediation item, and whether this entry marks it done. */
  action?: { number: number; done: boolean };
  /** For promise records and reminders: when the update was due and, once known, whether it came in time. */
  promise?: { dueAt: Date; outcome?: 'kept' | 'broken' };
  /** For `system` entries that change the cadence or push the promise: the new value (null = off). */
  cadenceMs?: number | null;
  /** For escalations: the managers the direct message reached. */
  notified?: string[];
  /** For escalations: the managers it could not reach after every attempt. */
  unreachable?: string[];
  /** Makes a repeated delivery (a retried event, a second pin, a double-submitted modal) a no-op. */
  dedupeKey?: string;
  /** For pinned messages: everyone who pins it now, by reaction or shortcut. */
  pinnedBy?: string[];
  /** For pinned messages: every pin and every pin taken back, in order. */
  pinHistory?: PinChange[];
  /** For pinned messages: when the last person took their pin back; it stays in the appendix, marked removed. */
  unpinnedAt?: Date;
  /** For pinned messages: the bot's copy in the incident channel (`slack` is the person's message). */
  echo?: { channelId: string; ts: string };
}

const timelineEntrySchema = new Schema<TimelineEntry>({
  incidentId: { type: Schema.Types.ObjectId, required: true, ref: 'Incident' },
  kind: { type: String, enum: ENTRY_KINDS, required: true },
  text: { type: String, default: '' },
  public: { type: Boolean, required: true },
  authorId: String,
  occurredAt: { type: Date, required: true },
  recordedAt: { type: Date, required: true },
  source: { type: String, enum: ENTRY_SOURCES, required: true },
  slack: { type: new Schema({ channelId: String, ts: String, permalink: String }, { _id: false }), default: undefined },
  revisions: { type: [{ _id: false, text: String, replacedAt: Date }], default: [] },
  deletedAt: Date,
  retractedAt: Date,
  retractedBy: String,
  nextUpdate: {
    type: new Schema({ dueAt: { type: Date, default: null }, source: { type: String, enum: NEXT_UPDATE_SOURCES, required: true } }, { _id: false }),
    default: undefined,
  },
  status: { type: String, enum: STATUSES },
  severity: Number,
  role: { type: new Schema({ role: { type: String, enum: INCIDENT_ROLES }, userId: String }, { _id: false }), default: undefined },
  event: { type: String, enum: SYSTEM_EVENTS },
  action: { type: new Schema({ number: Number, done: Boolean }, { _id: false }), default: undefined },
  promise: { type: new Schema({ dueAt: Date, outcome: { type: String, enum: ['kept', 'broken'] } }, { _id: false }), default: undefined },
  cadenceMs: { type: Number, default: undefined },
  notified: { type: [String], default: undefined },
  unreachable: { type: [String], default: undefined },
  dedupeKey: { type: String, unique: true, sparse: true },
  pinnedBy: { type: [String], default: undefined },
  pinHistory: {
    type: [{ _id: false, userId: String, action: { type: String, enum: ['pinned', 'unpinned'] }, at: Date }],
    default: undefined,
  },
  unpinnedAt: Date,
  echo: { type: new Schema({ channelId: String, ts: String }, { _id: false }), default: undefined },
});

// The timeline in order; the pinned message behind an entry (edits and deletions).
timelineEntrySchema.index({ incidentId: 1, occurredAt: 1, recordedAt: 1 });
timelineEntrySchema.index({ 'slack.channelId': 1, 'slack.ts': 1 });

export const TimelineEntryModel = mongoose.model<TimelineEntry>('TimelineEntry', timelineEntrySchema);

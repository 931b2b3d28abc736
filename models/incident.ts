import mongoose, { Schema, type Types } from 'mongoose';
import { LOCALES, SEVERITIES, type Locale, type Severity } from '../src/config.js';

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Status = (typeof STATUSES)[number];

export const INCIDENT_ROLES = ['commander', 'comms', 'scribe'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** A change of a remediation item's owner: to whom (unset: nobody), by whom, when. */
export interface OwnerChange {
  ownerId?: string;
  by: string;
  at: Date;
}

/**
 * A remediation item; its number is its place in the list, which only ever grows. An item with a due date is a
 * promise: while it is open, its owner (else the commander) is reminded by direct message at `remindAt`.
 */
export interface ActionItem {
  _id: Types.ObjectId;
  text: string;
  ownerId?: string;
  done: boolean;
  createdAt: Date;
  createdBy: string;
  doneAt?: Date;
  /** Who marked it done. */
  doneBy?: string;
  /** When it is promised to be done; unset when no date was given. */
  dueAt?: Date;
  /** A due date that passed while the item was open and was then moved: done after it, the item is still late. */
  missedDueAt?: Date;
  /** Every change of owner after the item was added, oldest first. */
  ownerChanges?: OwnerChange[];
  /** When the next direct message about the open item goes out: its due date, then every interval, or after a snooze. */
  remindAt?: Date;
  /** Direct messages sent about the item. */
  remindersSent?: number;
  lastRemindedAt?: Date;
}

/** One incident, from declaration to close. Times are UTC `Date`s. */
export interface Incident {
  _id: Types.ObjectId;
  /** Incident number, counted per workspace. */
  number: number;
  teamId: string;
  channelId: string;
  channelName: string;
  title: string;
  summary?: string;
  severity: Severity;
  status: Status;
  roles: Partial<Record<IncidentRole, string>>;
  impact: { startedAt?: Date; endedAt?: Date; text?: string };
  cause?: string;
  resolution?: string;
  /** A closing remark after the remediation items (a partner's own items, what the items achieve). */
  remark?: string;
  actions: ActionItem[];
  /** The incident's own cadence (`remind`): undefined follows the configuration, null is off. */
  cadenceMs?: number | null;
  /** When the next public update is promised; unset when no promise runs (resolved, or reminders off). */
  nextUpdateDueAt?: Date;
  /** When the running promise was made. */
  promisedAt?: Date;
  lastPublicUpdateAt?: Date;
  lastPublicUpdateBy?: string;
  /** Reminders sent for the running promise (reset by each new promise). */
  remindersSent: number;
  lastReminderAt?: Date;
  /** When managers were pinged about the running promise. */
  escalatedAt?: Date;
  declaredAt: Date;
  declaredBy: string;
  resolvedAt?: Date;
  closedAt?: Date;
  locale?: Locale;
  /** The pinned incident card. */
  card?: { channelId: string; ts: string };
  /** The last Slack post that failed for good, shown on the card so it is never silently lost. */
  lastDeliveryFailure?: { at: Date; what: string };
  createdAt: Date;
  updatedAt: Date;
}

const actionSchema = new Schema<ActionItem>(
  {
    text: { type: String, required: true },
    ownerId: String,
    done: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    doneAt: Date,
    doneBy: String,
    dueAt: Date,
    missedDueAt: Date,
    ownerChanges: { type: [new Schema<OwnerChange>({ ownerId: String, by: String, at: Date }, { _id: false })], default: undefined },
    remindAt: Date,
    remindersSent: Number,
    lastRemindedAt: Date,
  },
  { _id: true },
);

const incidentSchema = new Schema<Incident>(
  {
    number: { type: Number, required: true },
    teamId: { type: String, required: true },
    channelId: { type: String, required: true, unique: true },
    channelName: { type: String, required: true },
    title: { type: String, required: true },
    summary: String,
    severity: { type: Number, enum: SEVERITIES, required: true },
    status: { type: String, enum: STATUSES, required: true, default: 'investigating' },
    roles: { commander: String, comms: String, scribe: String },
    impact: { startedAt: Date, endedAt: Date, text: String },
    cause: String,
    resolution: String,
    remark: String,
    actions: { type: [actionSchema], default: [] },
    cadenceMs: { type: Number, default: undefined },
    nextUpdateDueAt: Date,
    promisedAt: Date,
    lastPublicUpdateAt: Date,
    lastPublicUpdateBy: String,
    remindersSent: { type: Number, default: 0 },
    lastReminderAt: Date,
    escalatedAt: Date,
    declaredAt: { type: Date, required: true },
    declaredBy: { type: String, required: true },
    resolvedAt: Date,
    closedAt: Date,
    locale: { type: String, enum: LOCALES },
    card: { type: new Schema({ channelId: String, ts: String }, { _id: false }), default: undefined },
    lastDeliveryFailure: { type: new Schema({ at: Date, what: String }, { _id: false }), default: undefined },
  },
  { timestamps: true, minimize: false },
);

// Open incidents by workspace (list, App Home, reconciliation); the number is unique per workspace.
incidentSchema.index({ teamId: 1, closedAt: 1, declaredAt: -1 });
incidentSchema.index({ teamId: 1, number: 1 }, { unique: true });
incidentSchema.index({ closedAt: 1, status: 1 });
// Open remediation items with a reminder to send (reconciliation), closed incidents included.
incidentSchema.index({ 'actions.remindAt': 1 });

export const IncidentModel = mongoose.model<Incident>('Incident', incidentSchema);

/** Per-workspace counters (incident numbers), incremented atomically. */
interface Counter {
  _id: string;
  seq: number;
}

export const CounterModel = mongoose.model<Counter>(
  'Counter',
  new Schema<Counter>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }),
);

import type { Incident } from '../../models/incident.js';

/**
 * The latest state of incidents this process has seen, by channel, so the hot path (a public update) need not read
 * an incident it has just written. Only a conditional write may rely on it: a state someone else changed since
 * fails the condition (`updatedAt`), and the caller reads again. Bounded; closed incidents are forgotten.
 */
export class RecentIncidents {
  private readonly byChannel = new Map<string, Incident>();

  constructor(private readonly capacity = 2_000) {}

  /** What this process last saw of the channel's incident, if anything. */
  get(channelId: string): Incident | undefined {
    return this.byChannel.get(channelId);
  }

  /**
   * Forgets the channel's incident: the next update reads it. For writes nobody types right after (a reminder):
   * keeping each of a storm's thousands of incidents for a while is what makes the garbage collector work hardest.
   */
  forget(channelId: string): void {
    this.byChannel.delete(channelId);
  }

  /** Keeps the newer of what was known and `incident` (by `updatedAt`). */
  remember(incident: Incident): void {
    const known = this.byChannel.get(incident.channelId);
    if (known && String(known._id) === String(incident._id) && known.updatedAt > incident.updatedAt) return;
    this.byChannel.delete(incident.channelId);
    if (incident.closedAt) return;
    this.byChannel.set(incident.channelId, incident);
    for (const oldest of this.byChannel.keys()) {
      if (this.byChannel.size <= this.capacity) break;
      this.byChannel.delete(oldest);
    }
  }
}

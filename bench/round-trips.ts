/**
 * Counts, inside a process under test, the MongoDB operations it issues (mongoose's debug hook: one per
 * collection method mongoose calls, which on the paths measured is one command each) and the Redis
 * commands and round trips (every ioredis command; a pipeline or MULTI is written at once, so it counts
 * as one round trip however many commands it carries). Counted, not estimated: the bench reads them
 * before and after a measurement and divides the difference by the work done.
 */
import { Redis } from 'ioredis';
import mongoose from 'mongoose';

/** Everything counted since the process started. */
export interface RoundTripCounts {
  mongo: number;
  /** By `collection.method`, e.g. `incidents.findOneAndUpdate`. */
  mongoByOperation: Record<string, number>;
  redisCommands: number;
  redisRoundTrips: number;
  /** By command name (`evalsha` for BullMQ's scripts). */
  redisByCommand: Record<string, number>;
}

/** What one measurement cost, per unit of work. */
export interface RoundTripsPer {
  mongo: number;
  redis: number;
  mongoByOperation: Record<string, number>;
  redisByCommand: Record<string, number>;
}

type SendCommand = (this: Redis, command: { name: string }, stream?: object) => unknown;

let installed: (() => RoundTripCounts) | undefined;

/**
 * Installs the counters in this process (once; later calls return the same reader). Call it before the
 * connections are used; counting costs one function call per operation, alike in every process measured.
 */
export function installRoundTripCounters(): () => RoundTripCounts {
  if (installed) return installed;
  const counts: RoundTripCounts = { mongo: 0, mongoByOperation: {}, redisCommands: 0, redisRoundTrips: 0, redisByCommand: {} };
  mongoose.set('debug', (collection: string, method: string) => {
    counts.mongo += 1;
    const key = `${collection}.${method}`;
    counts.mongoByOperation[key] = (counts.mongoByOperation[key] ?? 0) + 1;
  });
  // A pipeline hands each of its commands to sendCommand with the same stream object, then writes them together.
  const pipelines = new WeakSet<object>();
  const prototype = Redis.prototype as unknown as { sendCommand: SendCommand };
  const original = prototype.sendCommand;
  prototype.sendCommand = function (this: Redis, command, stream) {
    counts.redisCommands += 1;
    counts.redisByCommand[command.name] = (counts.redisByCommand[command.name] ?? 0) + 1;
    if (stream && 'isPipeline' in stream) {
      if (!pipelines.has(stream)) {
        pipelines.add(stream);
        counts.redisRoundTrips += 1;
      }
    } else {
      counts.redisRoundTrips += 1;
    }
    return original.call(this, command, stream);
  };
  installed = () => structuredClone(counts);
  return installed;
}

function difference(after: Record<string, number>, before: Record<string, number>, per: number): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) result[key] = Math.round((delta / per) * 100) / 100;
  }
  return result;
}

/** The operations counted between two readings, per unit of work (`units` updates, reminders…). */
export function roundTripsPer(before: RoundTripCounts, after: RoundTripCounts, units: number): RoundTripsPer {
  const per = Math.max(1, units);
  const round = (value: number) => Math.round((value / per) * 100) / 100;
  return {
    mongo: round(after.mongo - before.mongo),
    redis: round(after.redisRoundTrips - before.redisRoundTrips),
    mongoByOperation: difference(after.mongoByOperation, before.mongoByOperation, per),
    redisByCommand: difference(after.redisByCommand, before.redisByCommand, per),
  };
}

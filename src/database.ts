import mongoose from 'mongoose';
import type { Logger } from './logger.js';
import { withTimeout } from './async.js';
import { startEmbeddedMongo } from './embedded-mongo/server.js';

/** The MongoDB the process talks to, embedded or real. */
export interface Database {
  uri: string;
  embedded: boolean;
  /** True when MongoDB answers a ping within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  uri: string | undefined;
  dbName?: string;
  logger: Logger;
}

let shared: { key: string; users: number; database: Database } | undefined;

/**
 * Connects mongoose to `uri`, or, when there is none, to the embedded in-memory server started here.
 * Operations fail after a few seconds when MongoDB is gone instead of queueing for long. Bots started
 * in one process share the connection (mongoose's models are process-wide); the last `close()` ends it.
 */
export async function connectDatabase(options: DatabaseOptions): Promise<Database> {
  const key = `${options.uri ?? 'embedded'}|${options.dbName ?? ''}`;
  if (shared) {
    if (shared.key !== key) throw new Error('This process is already connected to another database');
    shared.users += 1;
  } else {
    shared = { key, users: 1, database: await openDatabase(options) };
  }
  const { database } = shared;
  let closed = false;
  return {
    ...database,
    async close() {
      if (closed || !shared) return;
      closed = true;
      shared.users -= 1;
      if (shared.users === 0) {
        shared = undefined;
        await database.close();
      }
    },
  };
}

async function openDatabase({ uri, dbName, logger }: DatabaseOptions): Promise<Database> {
  const embedded = uri ? undefined : await startEmbeddedMongo({ port: 0 });
  if (embedded) {
    logger.warn(
      { uri: embedded.uri },
      '!!! No MONGODB_URI: using the embedded in-memory MongoDB. NOTHING IS PERSISTED — every incident is lost when ' +
        'this process stops. Set MONGODB_URI for real use. !!!',
    );
  }
  const target = uri ?? embedded!.uri;
  mongoose.set('bufferTimeoutMS', 5_000);
  mongoose.set('strictQuery', true);
  await mongoose.connect(target, {
    ...(dbName ? { dbName } : {}),
    serverSelectionTimeoutMS: 5_000,
    // A database that stops answering (hung host, partition) fails the operation instead of hanging it.
    socketTimeoutMS: 10_000,
    autoIndex: true,
  });
  const onDisconnected = () => logger.warn('MongoDB connection lost');
  const onReconnected = () => logger.info('MongoDB connection restored');
  mongoose.connection.on('disconnected', onDisconnected);
  mongoose.connection.on('reconnected', onReconnected);
  return {
    uri: target,
    embedded: embedded !== undefined,
    async ping(timeoutMs = 2_000) {
      try {
        const db = mongoose.connection.db;
        if (!db || mongoose.connection.readyState !== 1) return false;
        await withTimeout(db.command({ ping: 1 }), timeoutMs, 'MongoDB');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      mongoose.connection.off('disconnected', onDisconnected);
      mongoose.connection.off('reconnected', onReconnected);
      await mongoose.disconnect();
      await embedded?.close();
    },
  };
}

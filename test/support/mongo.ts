import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from '../../src/embedded-mongo/server.js';

/** A database for one test file: a real MongoDB when MONGODB_URI is set, else the embedded server. */
export interface TestDatabase {
  uri: string;
  dbName: string;
  /** Drops the database (on a real MongoDB) and stops the embedded server. */
  close(): Promise<void>;
}

/**
 * Gives a test its own database: on `MONGODB_URI` when set (the same tests against a real MongoDB),
 * otherwise on an embedded server started in this process on an ephemeral port.
 */
export async function connectTestDatabase(): Promise<TestDatabase> {
  const dbName = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const real = process.env.MONGODB_URI;
  if (real) {
    return {
      uri: real,
      dbName,
      async close() {
        const client = await MongoClient.connect(real, { serverSelectionTimeoutMS: 5_000 });
        await client.db(dbName).dropDatabase().finally(() => client.close());
      },
    };
  }
  const server = await startEmbeddedMongo();
  return { uri: server.uri, dbName, close: () => server.close() };
}

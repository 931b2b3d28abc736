import { afterAll, beforeAll } from 'vitest';
import { IncidentModel } from '../../models/incident.js';
import { TimelineEntryModel } from '../../models/timeline-entry.js';
import { connectDatabase, type Database } from '../../src/database.js';
import { createLogger } from '../../src/logger.js';
import { connectTestDatabase } from './mongo.js';

/**
 * Connects this test file's mongoose to its own database (MONGODB_URI, or the embedded server), with
 * the models' indexes built, for tests that call services and flows directly, without the bot.
 */
export async function useTestDatabase(): Promise<{ database: Database; close(): Promise<void> }> {
  const target = await connectTestDatabase();
  const database = await connectDatabase({ uri: target.uri, dbName: target.dbName, logger: createLogger({ level: 'silent', secrets: [] }) });
  await Promise.all([IncidentModel.init(), TimelineEntryModel.init()]);
  return {
    database,
    async close() {
      await database.close();
      await target.close();
    },
  };
}

/** This test file's own database (`useTestDatabase`): connected before its tests, closed after them. */
export function testDatabaseForFile(): void {
  let db: Awaited<ReturnType<typeof useTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await useTestDatabase();
  });
  afterAll(() => db?.close());
}

import mongoose from 'mongoose';
import { TimelineEntryModel } from '../../models/timeline-entry.js';

/**
 * Holds every timeline entry a test's bot stored to the entry schema. Entries are inserted without a mongoose
 * document (`appendTimelineEntry`), so nothing checks them on the way in; this does, on its own connection (the
 * bot's may be closed by then).
 */
export async function assertEntriesMatchSchema(database: { uri: string; dbName: string }): Promise<void> {
  const connection = await mongoose.createConnection(database.uri, { dbName: database.dbName, serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    const Entry = connection.model('TimelineEntry', TimelineEntryModel.schema);
    for await (const stored of Entry.find().lean().cursor()) {
      await new Entry(stored).validate().catch((error: Error) => {
        throw new Error(`A stored timeline entry does not match its schema: ${error.message}\n${JSON.stringify(stored)}`);
      });
    }
  } finally {
    await connection.close();
  }
}

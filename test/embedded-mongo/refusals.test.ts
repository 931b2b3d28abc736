import { Double, Long, MongoClient, MongoServerError, type Collection, type Db, type Document, type UpdateFilter } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectTestDatabase, type TestDatabase } from '../support/mongo.js';

// What MongoDB refuses, the embedded server refuses with the same code and message (MongoDB's own
// update sources and messages); the same suite runs against a real MongoDB when MONGODB_URI is set.
let database: TestDatabase;
let client: MongoClient;
let db: Db;
/** Documents with numeric ids, so that messages name them as `{_id: 1}`. */
type Thing = Document & { _id: number };
let things: Collection<Thing>;

beforeAll(async () => {
  database = await connectTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
});

afterAll(async () => {
  await client?.close();
  await database?.close();
});

// Updates MongoDB refuses are not updates the driver's types accept either.
const refused = (update: Document) => update as UpdateFilter<Thing>;
const byId = (id: number) => ({ _id: id });

let run = 0;
beforeEach(async () => {
  run += 1;
  things = db.collection<Thing>(`things${run}`);
  await things.insertOne({ _id: 1, s: 'x', z: null, n: 5, tags: ['a'], a: { b: 1 } });
});

async function refusal(operation: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  const error = await operation.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return { code: (error as MongoServerError).code, message: (error as MongoServerError).message };
}

const unchanged = { _id: 1, s: 'x', z: null, n: 5, tags: ['a'], a: { b: 1 } };

describe('type errors', () => {
  it('refuses $inc of a string or of null with code 14, and changes nothing', async () => {
    expect(await refusal(things.updateOne(byId(1), refused({ $inc: { s: 1, n: 1 } })))).toEqual({
      code: 14,
      message: "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 's' of non-numeric type string",
    });
    expect(await refusal(things.findOneAndUpdate(byId(1), refused({ $inc: { z: 1 } })))).toEqual({
      code: 14,
      message: "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'z' of non-numeric type null",
    });
    expect(await refusal(things.updateOne(byId(1), refused({ $inc: { n: 'x' } })))).toEqual({
      code: 14,
      message: 'Cannot increment with non-numeric argument: {n: "x"}',
    });
    expect(await things.findOne(byId(1))).toEqual(unchanged);
  });

  it('refuses $push and $addToSet on a non-array with code 2', async () => {
    expect(await refusal(things.updateOne(byId(1), refused({ $push: { s: 'y' } })))).toEqual({
      code: 2,
      message: "The field 's' must be an array but is of type string in document {_id: 1}",
    });
    expect(await refusal(things.updateOne(byId(1), refused({ $push: { 'a.b': 2 } })))).toEqual({
      code: 2,
      message: "The field 'a.b' must be an array but is of type int in document {_id: 1}",
    });
    expect((await refusal(things.findOneAndUpdate(byId(1), refused({ $addToSet: { n: 1 } })))).code).toBe(2);
    expect(await things.findOne(byId(1))).toEqual(unchanged);
  });

  it('refuses to create a field inside a value that is not a document, with code 28', async () => {
    expect(await refusal(things.updateOne(byId(1), refused({ $set: { 's.t': 1 } })))).toEqual({
      code: 28,
      message: 'Cannot create field \'t\' in element {s: "x"}',
    });
    expect((await refusal(things.updateOne(byId(1), refused({ $set: { 'z.t': 1 } })))).code).toBe(28);
  });
});

describe('conflicting paths', () => {
  it('refuses $set and $setOnInsert of one path, upserting or not, with code 40', async () => {
    const update = { $set: { n: 1 }, $setOnInsert: { n: 2 } };
    const expected = { code: 40, message: "Updating the path 'n' would create a conflict at 'n'" };
    expect(await refusal(things.updateOne(byId(2), refused(update), { upsert: true }))).toEqual(expected);
    expect(await refusal(things.updateOne(byId(1), refused(update)))).toEqual(expected);
    expect(await refusal(things.findOneAndUpdate(byId(1), refused(update), { upsert: true }))).toEqual(expected);
    expect(await things.countDocuments()).toBe(1);
  });

  it('refuses a path and a path inside it, and two operators on one path', async () => {
    expect(await refusal(things.updateOne(byId(1), refused({ $set: { a: 1, 'a.b': 2 } })))).toEqual({
      code: 40,
      message: "Updating the path 'a.b' would create a conflict at 'a'",
    });
    expect(await refusal(things.updateOne(byId(1), refused({ $set: { n: 1 }, $unset: { n: 1 } })))).toEqual({
      code: 40,
      message: "Updating the path 'n' would create a conflict at 'n'",
    });
    expect(await refusal(things.updateOne(byId(1), refused({ $push: { tags: 'b' }, $pull: { tags: 'a' } })))).toEqual({
      code: 40,
      message: "Updating the path 'tags' would create a conflict at 'tags'",
    });
    expect(await things.findOne(byId(1))).toEqual(unchanged);
  });
});

describe('malformed updates', () => {
  it('refuses an unknown operator, and array filters missing or unused', async () => {
    expect(await refusal(things.updateOne(byId(1), refused({ $frob: { n: 1 } })))).toEqual({
      code: 9,
      message: 'Unknown modifier: $frob. Expected a valid update modifier or pipeline-style update specified as an array',
    });
    const missing = await refusal(things.updateOne(byId(1), refused({ $set: { 'tags.$[t]': 'b' } })));
    expect(missing).toEqual({ code: 2, message: "No array filter found for identifier 't' in path 'tags.$[t]'" });
    const unused = await refusal(things.updateOne(byId(1), refused({ $set: { n: 1 } }), { arrayFilters: [{ t: 'a' }] }));
    expect(unused.code).toBe(9);
    expect(unused.message).toContain("The array filter for identifier 't' was not used in the update");
  });
});

describe('numeric equality in indexes', () => {
  it('finds a stored −0 by 0, with an index as without', async () => {
    const values = db.collection<Thing>(`values${run}`);
    await values.insertOne({ _id: 1, v: -0 });
    expect(await values.countDocuments({ v: 0 })).toBe(1);
    await values.createIndex({ v: 1 });
    expect(await values.countDocuments({ v: 0 })).toBe(1);
    expect((await values.updateOne({ v: 0 }, { $set: { w: 1 } })).matchedCount).toBe(1);
  });

  it('holds 0 and −0, and int, long and double 1, as one unique key', async () => {
    const keys = db.collection(`keys${run}`);
    await keys.createIndex({ k: 1 }, { unique: true });
    await keys.insertMany([{ k: 0 }, { k: 1 }]);
    expect((await refusal(keys.insertOne({ k: -0 }))).code).toBe(11000);
    expect((await refusal(keys.insertOne({ k: Long.fromNumber(1) }))).code).toBe(11000);
    expect((await refusal(keys.insertOne({ k: new Double(1) }))).code).toBe(11000);
    expect(await keys.countDocuments({ k: Long.fromNumber(1) })).toBe(1);
  });

  it('refuses an array element another document holds in a unique index, not one repeated in its own array', async () => {
    const tagged = db.collection<Thing>(`tagged${run}`);
    await tagged.createIndex({ tags: 1 }, { unique: true });
    await tagged.insertOne({ _id: 1, tags: ['x', 'y'] });
    await tagged.insertOne({ _id: 2, tags: ['z', 'z'] });
    const duplicate = await refusal(tagged.insertOne({ _id: 3, tags: ['y'] }));
    expect(duplicate.code).toBe(11000);
    expect(duplicate.message).toContain('dup key: { tags: "y" }');
    expect((await refusal(tagged.updateOne(byId(2), refused({ $push: { tags: 'x' } })))).code).toBe(11000);
    expect(await tagged.find().toArray()).toEqual([
      { _id: 1, tags: ['x', 'y'] },
      { _id: 2, tags: ['z', 'z'] },
    ]);
  });
});

import { MongoClient, MongoServerError, ObjectId, type Db } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase, type TestDatabase } from '../support/mongo.js';

// The same suite runs against a real MongoDB when MONGODB_URI is set.
let database: TestDatabase;
let client: MongoClient;
let db: Db;

const Ticket = mongoose.model(
  'ContractTicket',
  new Schema(
    {
      code: { type: String, required: true, unique: true },
      tags: { type: [String], default: [] },
      count: { type: Number, default: 0 },
      owner: { name: String, since: Date },
    },
    { timestamps: true },
  ),
);

beforeAll(async () => {
  database = await connectTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
  await mongoose.connect(database.uri, { dbName: database.dbName });
  await Ticket.init();
});

afterAll(async () => {
  await mongoose.disconnect();
  await client?.close();
  await database?.close();
});

describe('through mongoose', () => {
  it('creates, reads, updates and deletes, keeping BSON types', async () => {
    const since = new Date('2024-09-11T01:20:00Z');
    const created = await Ticket.create({ code: 'A-1', owner: { name: 'Ann', since } });
    const found = await Ticket.findById(created._id).lean();
    expect(found).toMatchObject({ code: 'A-1', count: 0, owner: { name: 'Ann', since } });
    expect(found!._id).toBeInstanceOf(mongoose.Types.ObjectId);
    expect(found!.createdAt).toBeInstanceOf(Date);

    const updated = await Ticket.findOneAndUpdate({ code: 'A-1' }, { $inc: { count: 2 }, $push: { tags: 'db' } }, { returnDocument: 'after' }).lean();
    expect(updated).toMatchObject({ count: 2, tags: ['db'] });
    expect(await Ticket.countDocuments({ code: 'A-1' })).toBe(1);
    await Ticket.deleteOne({ code: 'A-1' });
    expect(await Ticket.findOne({ code: 'A-1' })).toBeNull();
  });

  it('loses nothing when 200 writers push to one document at once', async () => {
    const { _id } = await Ticket.create({ code: 'PUSH' });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => Ticket.updateOne({ _id }, { $push: { tags: `t${i}` }, $inc: { count: 1 } })),
    );
    const ticket = await Ticket.findById(_id).lean();
    expect(ticket!.count).toBe(200);
    expect(new Set(ticket!.tags).size).toBe(200);
  });

  it('enforces unique indexes with code 11000, and a refused update changes nothing', async () => {
    await Ticket.create({ code: 'U-1' });
    const second = await Ticket.create({ code: 'U-2', count: 5 });
    const duplicate = await Ticket.create({ code: 'U-1' }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(MongoServerError);
    expect((duplicate as MongoServerError).code).toBe(11000);
    expect((duplicate as MongoServerError).message).toContain('dup key: { code: "U-1" }');

    const refused = await Ticket.updateOne({ _id: second._id }, { $set: { code: 'U-1', count: 9 } }).catch((error: unknown) => error);
    expect((refused as MongoServerError).code).toBe(11000);
    expect(await Ticket.findById(second._id).lean()).toMatchObject({ code: 'U-2', count: 5 });
    const viaFindAndModify = await Ticket.findOneAndUpdate({ _id: second._id }, { $set: { code: 'U-1' } }).catch((error: unknown) => error);
    expect((viaFindAndModify as MongoServerError).code).toBe(11000);
  });

  it('upserts with $setOnInsert and timestamps, once', async () => {
    const first = await Ticket.findOneAndUpdate({ code: 'UP' }, { $setOnInsert: { count: 7 }, $push: { tags: 'a' } }, { upsert: true, returnDocument: 'after' }).lean();
    expect(first).toMatchObject({ code: 'UP', count: 7, tags: ['a'] });
    expect(first!.createdAt).toBeInstanceOf(Date);
    const again = await Ticket.findOneAndUpdate({ code: 'UP' }, { $setOnInsert: { count: 99 }, $push: { tags: 'b' } }, { upsert: true, returnDocument: 'after' }).lean();
    expect(again).toMatchObject({ count: 7, tags: ['a', 'b'] });
    expect(await Ticket.countDocuments({ code: 'UP' })).toBe(1);
  });

  it('lists the indexes mongoose created', async () => {
    const names = (await Ticket.listIndexes()).map((index) => index.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', 'code_1']));
  });
});

describe('through the driver', () => {
  it('pages 1,000 sorted documents through getMore', async () => {
    const items = db.collection('paging');
    await items.insertMany(Array.from({ length: 1000 }, (_, i) => ({ n: (i * 7919) % 1000 })));
    const seen = await items.find({}, { batchSize: 100 }).sort({ n: 1 }).toArray();
    expect(seen.map((item) => item.n)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const page = await items.find({ n: { $gte: 500 } }).sort({ n: -1 }).skip(10).limit(5).project({ _id: 0 }).toArray();
    expect(page).toEqual([{ n: 989 }, { n: 988 }, { n: 987 }, { n: 986 }, { n: 985 }]);
  });

  it('aggregates, counts and finds distinct values', async () => {
    const sales = db.collection('sales');
    await sales.insertMany([
      { region: 'eu', amount: 5 },
      { region: 'eu', amount: 7 },
      { region: 'us', amount: 3 },
      { region: 'apac', amount: 1 },
    ]);
    const totals = await sales
      .aggregate([{ $match: { amount: { $gt: 1 } } }, { $group: { _id: '$region', total: { $sum: '$amount' } } }, { $sort: { total: -1 } }])
      .toArray();
    expect(totals).toEqual([
      { _id: 'eu', total: 12 },
      { _id: 'us', total: 3 },
    ]);
    expect(await sales.aggregate([{ $count: 'n' }]).toArray()).toEqual([{ n: 4 }]);
    expect(await sales.countDocuments({ region: 'eu' })).toBe(2);
    expect((await sales.distinct('region')).sort()).toEqual(['apac', 'eu', 'us']);
  });

  it('updates many, replaces one, deletes, and reports counts as MongoDB does', async () => {
    const things = db.collection('things');
    await things.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
    const many = await things.updateMany({ k: 1 }, { $set: { seen: true } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const same = await things.updateMany({ k: 1 }, { $set: { seen: true } });
    expect([same.matchedCount, same.modifiedCount]).toEqual([2, 0]);
    const target = await things.findOne({ k: 2 });
    await things.replaceOne({ _id: target!._id }, { k: 3, replaced: true });
    expect(await things.findOne({ _id: target!._id })).toEqual({ _id: target!._id, k: 3, replaced: true });
    const upserted = await things.updateOne({ k: 9 }, { $set: { fresh: true } }, { upsert: true });
    expect(upserted.upsertedId).toBeInstanceOf(ObjectId);
    expect(await things.findOne({ k: 9 }, { projection: { _id: 0 } })).toEqual({ k: 9, fresh: true });
    const immutable = await things.updateOne({ k: 9 }, { $set: { _id: new ObjectId() } }).catch((error: unknown) => error);
    expect((immutable as MongoServerError).code).toBe(66);
    expect((await things.deleteMany({ k: 1 })).deletedCount).toBe(2);
  });

  it('enforces compound unique indexes and refuses one the data already breaks', async () => {
    const pairs = db.collection('pairs');
    await pairs.createIndex({ a: 1, b: 1 }, { unique: true });
    await pairs.insertOne({ a: 1, b: 1 });
    await pairs.insertOne({ a: 1, b: 2 });
    const error = await pairs.insertOne({ a: 1, b: 1 }).catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(11000);
    const unordered = await pairs.insertMany([{ a: 5 }, { a: 1, b: 2 }, { a: 6 }], { ordered: false }).catch((e: unknown) => e);
    expect((unordered as { insertedCount: number }).insertedCount).toBe(2);
    const refused = await pairs.createIndex({ a: 1 }, { unique: true }).catch((e: unknown) => e);
    expect((refused as MongoServerError).code).toBe(11000);
  });

  it('lists collections, drops them, and answers an unknown command with code 59', async () => {
    await db.collection('doomed').insertOne({ x: 1 });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((collection) => collection.name);
    expect(names).toContain('doomed');
    await db.collection('doomed').drop();
    expect((await db.listCollections({ name: 'doomed' }).toArray()).length).toBe(0);
    const unknown = await db.command({ frobnicate: 1 }).catch((e: unknown) => e);
    expect((unknown as MongoServerError).code).toBe(59);
  });
});

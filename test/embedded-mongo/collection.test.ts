import { Long, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../src/embedded-mongo/collection.js';

const ns = (collection: Collection) => collection.match({}).map((document) => document._id as unknown);

describe('Collection.candidates', () => {
  it('looks values up in a sparse index, and leaves null to a scan', () => {
    const collection = new Collection('db.entries');
    collection.addIndex({ name: 'dedupeKey_1', key: { dedupeKey: 1 }, unique: true, sparse: true });
    for (let i = 0; i < 100; i += 1) collection.insert({ _id: new ObjectId(), n: i, ...(i % 10 === 0 ? { dedupeKey: `k${i}` } : {}) });
    expect(collection.candidates({ dedupeKey: 'k30' }).map((document) => document.n)).toEqual([30]);
    expect(collection.match({ dedupeKey: 'k30' }).map((document) => document.n)).toEqual([30]);
    expect(collection.match({ dedupeKey: { $in: ['k10', 'k20', 'nope'] } }).map((document) => document.n)).toEqual([10, 20]);
    expect(collection.candidates({ dedupeKey: null })).toHaveLength(100);
    expect(collection.match({ dedupeKey: null })).toHaveLength(90);
  });

  it('finds a stored −0 by 0 and a stored long by its number, with an index as without', () => {
    const collection = new Collection('db.values');
    collection.insert({ _id: 1, v: -0 });
    collection.insert({ _id: 2, v: Long.fromNumber(7) });
    for (let i = 3; i < 50; i += 1) collection.insert({ _id: i, v: i * 10 });
    expect(collection.match({ v: 0 }).map((document) => document._id)).toEqual([1]);
    collection.addIndex({ name: 'v_1', key: { v: 1 } });
    expect(collection.candidates({ v: 0 }).map((document) => document._id)).toEqual([1]);
    expect(collection.candidates({ v: 7 }).map((document) => document._id)).toEqual([2]);
  });

  it('indexes each element of an array, also under a dotted path', () => {
    const collection = new Collection('db.entries');
    collection.addIndex({ name: 'slack.ch_1', key: { 'slack.ch': 1 } });
    collection.insert({ _id: 1, slack: [{ ch: 'A' }, { ch: 'B' }] });
    collection.insert({ _id: 2, slack: { ch: 'B' } });
    for (let i = 3; i < 50; i += 1) collection.insert({ _id: i, slack: { ch: `C${i}` } });
    expect(collection.candidates({ 'slack.ch': 'B' }).map((document) => document._id)).toEqual([1, 2]);
    expect(collection.match({ 'slack.ch': 'B' }).map((document) => document._id)).toEqual([1, 2]);
  });
});

describe('unique indexes', () => {
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return { code: (error as { code: number }).code, message: (error as Error).message };
    }
    return undefined;
  };

  it('hold 0 and −0, and 1 and long 1, as one key', () => {
    const collection = new Collection('db.keys');
    collection.addIndex({ name: 'k_1', key: { k: 1 }, unique: true });
    collection.insert({ _id: 1, k: 0 });
    collection.insert({ _id: 2, k: 1 });
    expect(refusal(() => collection.insert({ _id: 3, k: -0 }))?.code).toBe(11000);
    expect(refusal(() => collection.insert({ _id: 4, k: Long.fromNumber(1) }))?.code).toBe(11000);
    collection.insert({ _id: 0, k: 5 });
    expect(refusal(() => collection.insert({ _id: -0, k: 6 }))?.message).toContain('index: _id_ dup key: { _id: -0.0 }');
    expect(ns(collection)).toEqual([1, 2, 0]);
  });

  it('refuse an array element another document already holds, not one repeated in the same array', () => {
    const collection = new Collection('db.tags');
    collection.addIndex({ name: 'tags_1', key: { tags: 1 }, unique: true });
    collection.insert({ _id: 1, tags: ['x', 'y'] });
    collection.insert({ _id: 2, tags: ['z', 'z'] });
    expect(refusal(() => collection.insert({ _id: 3, tags: ['w', 'y'] }))?.message).toBe(
      'E11000 duplicate key error collection: db.tags index: tags_1 dup key: { tags: "y" }',
    );
    expect(refusal(() => collection.replace({ _id: 2, tags: ['z', 'z'] }, { _id: 2, tags: ['x'] }))?.code).toBe(11000);
    expect(ns(collection)).toEqual([1, 2]);
  });

  it('refuse a compound key over two arrays (code 171)', () => {
    const collection = new Collection('db.pairs');
    collection.addIndex({ name: 'a_1_b_1', key: { a: 1, b: 1 } });
    expect(refusal(() => collection.insert({ _id: 1, a: [1, 2], b: [3, 4] }))).toEqual({ code: 171, message: 'cannot index parallel arrays [a] [b]' });
    collection.insert({ _id: 2, a: [1, 2], b: 3 });
    expect(collection.candidates({ a: 2 }).map((document) => document._id)).toEqual([2]);
  });
});

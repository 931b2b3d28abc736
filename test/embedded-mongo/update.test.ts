import { EJSON, ObjectId, type Document } from 'bson';
import fc from 'fast-check';
import { update as mingoUpdate } from 'mingo';
import { describe, expect, it } from 'vitest';
import { applyUpdate } from '../../src/embedded-mongo/update.js';
import { cloneDocument } from '../../src/embedded-mongo/values.js';
import { dates, documentArbitrary, FIELDS, ids, plain, scalar } from './arbitraries.js';

// The oracle is mingo, field by field, except where mingo and MongoDB differ. There MongoDB's
// documented behaviour wins, and the oracle says so where it departs from mingo:
// 1. MongoDB 5.0+ applies an update's fields in lexicographic order, whatever their operators
//    ("Update Operators › Behavior"); mingo goes operator by operator.
// 2. $set replaces the field's value with the specified value: over 0, −0 is stored, a double −0.0, as
//    MongoDB stores it. Mingo leaves values it deems equal alone, and keeps 0.
// 3. $inc on a missing field "creates the field and sets the field to the specified value" (−0 stays −0;
//    mingo adds the increment to 0, as it does to a stored −0: −0 + −0 is −0 in MongoDB), and on a
//    field holding null or any other non-number MongoDB refuses the update (code 14, TypeMismatch),
//    where mingo skips the field.
// 4. $max and $min compare values of different types "using the BSON comparison order" (null, numbers,
//    strings, objects, arrays, ObjectId, booleans, dates); mingo orders types its own way.
// Two operators on one field are refused by both, as is an $inc by a non-number.

const RANK = (item: unknown): number => {
  if (item === null) return 1;
  if (typeof item === 'number') return 2;
  if (typeof item === 'string') return 3;
  if (Array.isArray(item)) return 5;
  if (item instanceof ObjectId) return 7;
  if (typeof item === 'boolean') return 8;
  if (item instanceof Date) return 9;
  return 4;
};

/** BSON comparison order over the values these properties generate (operands are never arrays). */
function bsonOrder(a: unknown, b: unknown): number {
  const byType = Math.sign(RANK(a) - RANK(b));
  if (byType !== 0 || a === null) return byType;
  if (typeof a === 'number') return Math.sign(a - (b as number));
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (a instanceof ObjectId) return bsonOrder(a.toHexString(), (b as ObjectId).toHexString());
  if (typeof a === 'boolean') return Math.sign(Number(a) - Number(b));
  if (a instanceof Date) return Math.sign(a.getTime() - (b as Date).getTime());
  return bsonOrder((a as Document).x, (b as Document).x);
}

/** What MongoDB makes of a top-level update of these shapes, or 'refused'. */
function mongoDbUpdate(document: Document, update: Document): Document | 'refused' {
  const changes = Object.entries(update).flatMap(([operator, fields]) =>
    Object.entries(fields as Document).map(([field, operand]) => ({ operator, field, operand })),
  );
  if (new Set(changes.map(({ field }) => field)).size < changes.length) return 'refused';
  if (changes.some(({ operator, operand }) => operator === '$inc' && typeof operand !== 'number')) return 'refused';
  const result = cloneDocument(document);
  for (const { operator, field, operand } of changes.sort((a, b) => (a.field < b.field ? -1 : 1))) {
    const present = field in result;
    const current = result[field] as unknown;
    if (operator === '$inc' && !present) {
      result[field] = operand;
      continue;
    }
    if (operator === '$inc' && typeof current !== 'number') return 'refused';
    if (operator === '$inc') {
      result[field] = (current as number) + (operand as number);
      continue;
    }
    if ((operator === '$max' || operator === '$min') && present) {
      const order = bsonOrder(current, operand);
      if (operator === '$max' ? order < 0 : order > 0) result[field] = cloneDocument(operand);
      continue;
    }
    mingoUpdate(result, { [operator]: { [field]: cloneDocument(operand) } }, undefined, undefined, { cloneMode: 'none' });
    if (operator === '$set') result[field] = cloneDocument(operand);
  }
  return result;
}

const canonical = (document: Document) => EJSON.stringify(document, { relaxed: false });

describe('applyUpdate', () => {
  const operand = fc.oneof(scalar, fc.constant(null), fc.record({ x: scalar }).map(plain));
  const changes = fc.dictionary(fc.constantFrom(...FIELDS), operand, { minKeys: 1, maxKeys: 2 }).map(plain);
  const modifier = fc
    .dictionary(fc.constantFrom('$set', '$unset', '$inc', '$max', '$min'), changes, { minKeys: 1, maxKeys: 3 })
    .map((operators): Document => (operators.$unset ? { ...operators, $unset: Object.fromEntries(Object.keys(operators.$unset).map((key) => [key, 1])) } : { ...operators }));

  it('applies top-level updates as MongoDB does, field order included', () => {
    fc.assert(
      fc.property(documentArbitrary, modifier, (document, update) => {
        const expected = mongoDbUpdate(document, update);
        if (expected === 'refused') {
          expect(() => applyUpdate(document, update, { inserting: false })).toThrow();
          return;
        }
        expect(canonical(applyUpdate(document, update, { inserting: false }))).toBe(canonical(expected));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) },
    );
  });

  it('stores −0 over 0, as a double', () => {
    const next = applyUpdate({ _id: 1, g: 0 }, { $set: { g: -0 } }, { inserting: false });
    expect(canonical(next)).toBe('{"_id":{"$numberInt":"1"},"g":{"$numberDouble":"-0.0"}}');
  });

  it('leaves the stored document untouched', () => {
    const stored = { _id: ids[0], n: 1, at: dates[0] };
    const next = applyUpdate(stored, { $inc: { n: 1 }, $max: { at: dates[1] }, $set: { s: 'x' } }, { inserting: false });
    expect(stored).toEqual({ _id: ids[0], n: 1, at: dates[0] });
    expect(next).toEqual({ _id: ids[0], n: 2, at: dates[1], s: 'x' });
  });

  it('creates new fields in lexicographic order, nested ones too', () => {
    const next = applyUpdate({ _id: 1, z: 0 }, { $set: { b: 1, 'a.y': 2 }, $inc: { 'a.x': 3, c: 4 } }, { inserting: false });
    expect(Object.keys(next)).toEqual(['_id', 'z', 'a', 'b', 'c']);
    expect(Object.keys(next.a as Document)).toEqual(['x', 'y']);
  });

  it('pushes with $each, $position, $sort and $slice', () => {
    const stored = { _id: 1, tags: ['c', 'a'] };
    expect(applyUpdate(stored, { $push: { tags: { $each: ['b', 'd'], $position: 0 } } }, { inserting: false }).tags).toEqual(['b', 'd', 'c', 'a']);
    expect(applyUpdate(stored, { $push: { tags: { $each: ['b'], $sort: 1, $slice: -2 } } }, { inserting: false }).tags).toEqual(['b', 'c']);
    expect(applyUpdate({ _id: 1 }, { $push: { tags: 'x' } }, { inserting: false }).tags).toEqual(['x']);
  });

  it('adds to a set once, 1 and 1.0 and −0 and 0 being the same value', () => {
    const next = applyUpdate({ _id: 1, n: [1, 0] }, { $addToSet: { n: { $each: [1, -0, 2, 2] } } }, { inserting: false });
    expect(next.n).toEqual([1, 0, 2]);
  });

  it('pulls by value and by condition', () => {
    const stored = { _id: 1, n: [1, 5, 9], items: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }] };
    expect(applyUpdate(stored, { $pull: { n: { $gte: 5 } } }, { inserting: false }).n).toEqual([1]);
    expect(applyUpdate(stored, { $pull: { items: { k: 'b' } } }, { inserting: false }).items).toEqual([{ k: 'a', v: 1 }]);
    expect(applyUpdate(stored, { $pullAll: { n: [1, 9] } }, { inserting: false }).n).toEqual([5]);
  });

  it('updates the array elements the array filters select, and the one the positional $ points at', () => {
    const stored = { _id: 1, actions: [{ n: 1, done: false }, { n: 2, done: false }, { n: 3, done: false }] };
    const filtered = applyUpdate(stored, { $set: { 'actions.$[a].done': true } }, { inserting: false, arrayFilters: [{ 'a.n': { $gte: 2 } }] });
    expect((filtered.actions as Document[]).map((action) => action.done)).toEqual([false, true, true]);
    const positional = applyUpdate(stored, { $set: { 'actions.$.done': true } }, { inserting: false, filter: { 'actions.n': 2 } });
    expect((positional.actions as Document[]).map((action) => action.done)).toEqual([false, true, false]);
    const all = applyUpdate(stored, { $inc: { 'actions.$[].n': 10 } }, { inserting: false });
    expect((all.actions as Document[]).map((action) => action.n)).toEqual([11, 12, 13]);
  });

  it('applies $setOnInsert only when inserting', () => {
    const update = { $setOnInsert: { createdBy: 'u1' }, $set: { seen: true } };
    expect(applyUpdate({ _id: 1 }, update, { inserting: true })).toEqual({ _id: 1, createdBy: 'u1', seen: true });
    expect(applyUpdate({ _id: 1 }, update, { inserting: false })).toEqual({ _id: 1, seen: true });
  });

  it('renames a field and stamps the current date it is given', () => {
    const now = new Date('2024-09-11T01:20:00Z');
    const next = applyUpdate({ _id: 1, old: 'v' }, { $rename: { old: 'fresh' }, $currentDate: { at: true } }, { inserting: false, now });
    expect(next).toEqual({ _id: 1, at: now, fresh: 'v' });
  });
});

import { EJSON, ObjectId, type Document } from 'bson';
import fc from 'fast-check';
import { Query, update as mingoUpdate } from 'mingo';
import { describe, expect, it } from 'vitest';
import { applyUpdate, cloneDocument, Collection, compileFilter, hashValue, sameValue } from '../../src/embedded-mongo/store.js';

// The store answers the common shapes itself (filters, simple updates, value keys) instead of asking
// mingo or writing Extended JSON; these properties hold it to exactly what those would have said.

// fast-check builds records without a prototype; documents read from BSON have Object's.
const plain = <T extends object>(record: T): T => ({ ...record });
const ids = [new ObjectId('65f000000000000000000001'), new ObjectId('65f000000000000000000002')];
const dates = [new Date('2024-09-11T01:20:00Z'), new Date('2024-09-11T01:20:00.001Z')];
const scalar = fc.oneof(
  fc.constantFrom('a', 'b', '', 'resolved', '1'),
  fc.constantFrom(0, -0, 1, 1.5, -2, 2 ** 40),
  fc.boolean(),
  fc.constantFrom(...ids),
  fc.constantFrom(...dates),
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ x: scalar }).map(plain) },
);
const FIELDS = ['f', 'g', 'h'] as const;
const documentArbitrary = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 3 }).map((fields): Document => ({ _id: ids[0], ...fields }));
const condition = fc.oneof(
  scalar,
  fc.constant(null),
  scalar.map(($eq) => ({ $eq })),
  scalar.map(($ne) => ({ $ne })),
  fc.array(scalar, { maxLength: 3 }).map(($in) => ({ $in })),
  fc.array(fc.oneof(scalar, fc.constant(null)), { maxLength: 3 }).map(($in) => ({ $in })),
  fc.constantFrom(true, false, 0, 1).map(($exists) => ({ $exists })),
  scalar.map(($gt) => ({ $gt })),
  fc.record({ x: scalar }).map(plain),
);
const filterArbitrary = fc.dictionary(fc.constantFrom(...FIELDS, 'f.x'), condition, { maxKeys: 3 }).map(plain);

describe('compileFilter', () => {
  it('matches exactly the documents mingo matches', () => {
    fc.assert(
      fc.property(documentArbitrary, filterArbitrary, (document, filter) => {
        expect(compileFilter(filter)(document)).toBe(new Query(filter).test(document));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('applyUpdate', () => {
  const operand = fc.oneof(scalar, fc.constant(null), fc.record({ x: scalar }).map(plain));
  const changes = fc.dictionary(fc.constantFrom(...FIELDS), operand, { minKeys: 1, maxKeys: 2 }).map(plain);
  const modifier = fc
    .dictionary(fc.constantFrom('$set', '$unset', '$inc', '$max', '$min'), changes, { minKeys: 1, maxKeys: 3 })
    .map((operators): Document => (operators.$unset ? { ...operators, $unset: Object.fromEntries(Object.keys(operators.$unset).map((key) => [key, 1])) } : { ...operators }));

  it('applies updates as mingo does, field order included', () => {
    fc.assert(
      fc.property(documentArbitrary, modifier, (document, update) => {
        let expected: Document | Error;
        try {
          const copy = cloneDocument(document);
          mingoUpdate(copy, cloneDocument(update), undefined, undefined, { cloneMode: 'none' });
          expected = copy;
        } catch (error) {
          expected = error as Error;
        }
        if (expected instanceof Error) {
          expect(() => applyUpdate(document, update, { inserting: false })).toThrow();
          return;
        }
        const actual = applyUpdate(document, update, { inserting: false });
        expect(EJSON.stringify(actual, { relaxed: false })).toBe(EJSON.stringify(expected, { relaxed: false }));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves the stored document untouched', () => {
    const stored = { _id: ids[0], n: 1, at: dates[0] };
    const next = applyUpdate(stored, { $inc: { n: 1 }, $max: { at: dates[1] }, $set: { s: 'x' } }, { inserting: false });
    expect(stored).toEqual({ _id: ids[0], n: 1, at: dates[0] });
    expect(next).toEqual({ _id: ids[0], n: 2, at: dates[1], s: 'x' });
  });
});

describe('hashValue and sameValue', () => {
  const nested = fc.oneof(value, fc.array(value, { maxLength: 2 }), fc.dictionary(fc.constantFrom('p', 'q'), value, { maxKeys: 2 }).map(plain));
  const canonical = (item: unknown) => EJSON.stringify(item === undefined ? null : item, { relaxed: false });

  it('agree with canonical Extended JSON on which values are the same', () => {
    fc.assert(
      fc.property(nested, nested, (a, b) => {
        const same = canonical(a) === canonical(b);
        expect(hashValue(a) === hashValue(b)).toBe(same);
        expect(sameValue(a, b)).toBe(same);
      }),
      { numRuns: 5000 },
    );
  });
});

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
});

import { Decimal128, Double, EJSON, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues, equalityKey, sameValue } from '../../src/embedded-mongo/values.js';
import { plain, value } from './arbitraries.js';

const nested = fc.oneof(value, fc.array(value, { maxLength: 2 }), fc.dictionary(fc.constantFrom('p', 'q'), value, { maxKeys: 2 }).map(plain));

describe('compareValues', () => {
  it('orders types as MongoDB documents it, lowest first', () => {
    // "Comparison/Sort Order": MinKey, Null, Numbers, Symbol/String, Object, Array, BinData, ObjectId,
    // Boolean, Date, Timestamp, Regular Expression, MaxKey.
    const ascending = [
      new MinKey(), null, -5, new Int32(2), 'a', { a: 1 }, [1], new ObjectId('65f000000000000000000001'), false, true,
      new Date(0), new Timestamp({ t: 1, i: 0 }), /x/, new MaxKey(),
    ];
    for (let i = 0; i + 1 < ascending.length; i += 1) {
      expect([i, compareValues(ascending[i], ascending[i + 1])]).toEqual([i, -1]);
      expect([i, compareValues(ascending[i + 1], ascending[i])]).toEqual([i, 1]);
    }
  });

  it('compares numbers by value whatever their type, and documents field by field', () => {
    expect(compareValues(0, -0)).toBe(0);
    expect(compareValues(1, Long.fromNumber(1))).toBe(0);
    expect(compareValues(new Double(1), new Int32(1))).toBe(0);
    expect(compareValues(Long.fromString('9007199254740993'), Long.fromString('9007199254740992'))).toBe(1);
    expect(compareValues(NaN, -Infinity)).toBe(-1);
    expect(compareValues({ a: 1, b: 2 }, { a: 1, c: 0 })).toBe(-1);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBe(-1);
    expect(compareValues([1, 2], [1, 3])).toBe(-1);
    expect(compareValues(undefined, null)).toBe(0);
  });
});

describe('equalityKey', () => {
  it('is one key for the int, long and double of one value, 0 and −0 included', () => {
    expect(new Set([equalityKey(1), equalityKey(Long.fromNumber(1)), equalityKey(new Double(1)), equalityKey(new Int32(1))]).size).toBe(1);
    expect(equalityKey(-0)).toBe(equalityKey(0));
    expect(equalityKey({ v: [-0] })).toBe(equalityKey({ v: [0] }));
    expect(equalityKey(Long.fromString('9007199254740993'))).not.toBe(equalityKey(9007199254740992));
    expect(equalityKey('1')).not.toBe(equalityKey(1));
    expect(equalityKey(Decimal128.fromString('1.5'))).toBe(equalityKey(Decimal128.fromString('1.5')));
  });

  it('gives equal keys exactly to the values MongoDB compares equal', () => {
    fc.assert(
      fc.property(nested, nested, (a, b) => {
        expect(equalityKey(a) === equalityKey(b)).toBe(compareValues(a, b) === 0);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 5000) },
    );
  });
});

describe('sameValue', () => {
  const canonical = (item: unknown) => EJSON.stringify(item === undefined ? null : item, { relaxed: false });

  it('agrees with canonical Extended JSON on which values are the same bytes', () => {
    fc.assert(
      fc.property(nested, nested, (a, b) => {
        expect(sameValue(a, b)).toBe(canonical(a) === canonical(b));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 5000) },
    );
  });
});

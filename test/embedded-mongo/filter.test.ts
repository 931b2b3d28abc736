import fc from 'fast-check';
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { compileFilter, seedFromFilter } from '../../src/embedded-mongo/filter.js';
import { documentArbitrary, FIELDS, plain, scalar } from './arbitraries.js';

// The filters the bot sends on every request are answered without mingo; this property holds them to
// exactly what mingo answers (mingo and MongoDB agree on these shapes: 0 and −0 are equal, an array
// matches by its elements).
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
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) },
    );
  });
});

describe('seedFromFilter', () => {
  it('starts an upsert from the equality fields, dotted ones nested', () => {
    const seed = seedFromFilter({ teamId: 'T1', 'slack.channelId': 'C1', n: { $eq: 2 }, closedAt: { $exists: false }, s: { $in: ['a'] } });
    expect(seed).toEqual({ teamId: 'T1', slack: { channelId: 'C1' }, n: 2 });
  });
});

import { ObjectId, type Document } from 'bson';
import fc from 'fast-check';

// Documents and values of the shapes the bot stores, for the property tests of the embedded MongoDB.

/** fast-check builds records without a prototype; documents read from BSON have Object's. */
export const plain = <T extends object>(record: T): T => ({ ...record });

export const ids = [new ObjectId('65f000000000000000000001'), new ObjectId('65f000000000000000000002')];
export const dates = [new Date('2024-09-11T01:20:00Z'), new Date('2024-09-11T01:20:00.001Z')];

export const scalar = fc.oneof(
  fc.constantFrom('a', 'b', '', 'resolved', '1'),
  fc.constantFrom(0, -0, 1, 1.5, -2, 2 ** 40),
  fc.boolean(),
  fc.constantFrom(...ids),
  fc.constantFrom(...dates),
);

export const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ x: scalar }).map(plain) },
);

export const FIELDS = ['f', 'g', 'h'] as const;

export const documentArbitrary = fc
  .dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 3 })
  .map((fields): Document => ({ _id: ids[0], ...fields }));

import { ObjectId, type Document } from 'bson';
import { Query } from 'mingo';
import { equalityKey, isPlainObject } from './values.js';

/** True for the values an index can look up: strings, numbers, booleans, Dates and ObjectIds. */
export function isPlainValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return value !== undefined;
  return value instanceof Date || value instanceof ObjectId;
}

/** The values a condition asks a field to equal (`v`, `{$eq: v}`, `{$in: [...]}`), or undefined for any other condition. */
export function equalityValues(condition: unknown): unknown[] | undefined {
  if (isPlainValue(condition)) return [condition];
  if (isPlainObject(condition)) {
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$eq' && isPlainValue(condition.$eq)) return [condition.$eq];
    if (operators.length === 1 && operators[0] === '$in' && Array.isArray(condition.$in)) {
      const values = condition.$in as unknown[];
      if (values.every(isPlainValue)) return values;
    }
  }
  return undefined;
}

/** A field's test: true or false, or undefined when only mingo can tell (the field holds an array). */
type FieldTest = (value: unknown) => boolean | undefined;

/**
 * A filter as a predicate on documents. The shapes the bot sends on every request — top-level fields
 * equal to a string, number, boolean, Date or ObjectId, `$eq`, `$ne`, `$in` of such values, `$exists` —
 * are tested directly, as mingo would; any other filter, and any document whose field holds an array
 * (matched element by element), goes through mingo, whose query is compiled at most once per filter.
 */
export function compileFilter(filter: Document): (document: Document) => boolean {
  let query: Query | undefined;
  const byMingo = (document: Document) => (query ??= new Query(filter)).test(document);
  const tests = fieldTests(filter);
  if (!tests) return byMingo;
  return (document) => {
    for (const [field, test] of tests) {
      const result = test(document[field]);
      if (result === undefined) return byMingo(document);
      if (!result) return false;
    }
    return true;
  };
}

function fieldTests(filter: Document): Array<[string, FieldTest]> | undefined {
  const tests: Array<[string, FieldTest]> = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '' || field.startsWith('$') || field.includes('.')) return undefined;
    const test = fieldTest(condition);
    if (!test) return undefined;
    tests.push([field, test]);
  }
  return tests;
}

/** The equality key of a stored string, number, boolean, Date or ObjectId; undefined for anything else. */
function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return equalityKey(value);
    case 'object':
      return value instanceof Date || value instanceof ObjectId ? equalityKey(value) : undefined;
    default:
      return undefined;
  }
}

/** The key a condition's operand is compared by; undefined for values only mingo compares (null, NaN, objects). */
function comparableKey(value: unknown): string | undefined {
  if (Number.isNaN(value)) return undefined;
  if (value instanceof Date && Number.isNaN(value.getTime())) return undefined;
  return scalarKey(value);
}

function equalsKey(value: unknown, key: string): boolean | undefined {
  if (Array.isArray(value)) return undefined;
  return scalarKey(value) === key;
}

function fieldTest(condition: unknown): FieldTest | undefined {
  const key = comparableKey(condition);
  if (key !== undefined) return (value) => equalsKey(value, key);
  if (!isPlainObject(condition)) return undefined;
  const operators = Object.entries(condition);
  if (operators.length !== 1) return undefined;
  const [operator, operand] = operators[0]!;
  switch (operator) {
    case '$eq': {
      const wanted = comparableKey(operand);
      return wanted === undefined ? undefined : (value) => equalsKey(value, wanted);
    }
    case '$ne': {
      const unwanted = comparableKey(operand);
      if (unwanted === undefined) return undefined;
      return (value) => {
        const equal = equalsKey(value, unwanted);
        return equal === undefined ? undefined : !equal;
      };
    }
    case '$in': {
      if (!Array.isArray(operand)) return undefined;
      const keys = operand.map(comparableKey);
      if (keys.some((wanted) => wanted === undefined)) return undefined;
      const wanted = new Set(keys);
      return (value) => {
        if (value === undefined || value === null) return false;
        if (Array.isArray(value)) return undefined;
        return wanted.has(scalarKey(value));
      };
    }
    case '$exists': {
      if (typeof operand !== 'boolean' && typeof operand !== 'number') return undefined;
      const present = Boolean(operand);
      return (value) => (value !== undefined) === present;
    }
    default:
      return undefined;
  }
}

/** The document an upsert starts from: the filter's equality fields, dotted ones as nested documents. */
export function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    const values = equalityValues(condition);
    if (values?.length !== 1 || (isPlainObject(condition) && '$in' in condition)) continue;
    const parts = key.split('.');
    let target = seed;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(target[part])) target[part] = {};
      target = target[part] as Document;
    }
    target[parts.at(-1)!] = values[0];
  }
  return seed;
}

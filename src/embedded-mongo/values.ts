import { EJSON, Long, type Document } from 'bson';

/** True for a document (a plain object), not an array and not a BSON value such as an ObjectId or a Date. */
export function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function bsonTypeOf(value: object): string | undefined {
  const type = (value as { _bsontype?: unknown })._bsontype;
  return typeof type === 'string' ? type : undefined;
}

const INT32_MAX = 2 ** 31 - 1;

const BSON_TYPE_NAMES: Readonly<Record<string, string>> = {
  ObjectId: 'objectId', Long: 'long', Int32: 'int', Double: 'double', Decimal128: 'decimal', Binary: 'binData',
  Timestamp: 'timestamp', BSONRegExp: 'regex', MinKey: 'minKey', MaxKey: 'maxKey', Code: 'javascript', BSONSymbol: 'symbol',
};

/**
 * The BSON type of a value, named as MongoDB's messages name it. A JavaScript number is what the
 * driver would send: an int when it is a 32-bit integer, a double otherwise (−0 included).
 */
export function typeName(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isInteger(value) && Math.abs(value) <= INT32_MAX && !Object.is(value, -0) ? 'int' : 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return 'long';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return 'array';
      if (value instanceof Date) return 'date';
      if (value instanceof RegExp) return 'regex';
      return BSON_TYPE_NAMES[bsonTypeOf(value) ?? ''] ?? 'object';
    }
    default:
      return 'object';
  }
}

/** A number of any BSON numeric type as a JavaScript number; undefined for anything else. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value === null || typeof value !== 'object') return undefined;
  switch (bsonTypeOf(value)) {
    case 'Int32':
    case 'Double':
      return (value as { valueOf(): number }).valueOf();
    case 'Long':
      return (value as Long).toNumber();
    case 'Decimal128':
      return Number((value as object).toString());
    default:
      return undefined;
  }
}

/** True for int, long, double and decimal values. */
export function isNumeric(value: unknown): boolean {
  return numericValue(value) !== undefined;
}

// MongoDB's canonical type order (bsontypes.h canonicalizeBSONType): values of different types compare by it.
function typeRank(value: unknown): number {
  switch (typeName(value)) {
    case 'minKey':
      return -1;
    case 'undefined':
      return 0;
    case 'null':
      return 5;
    case 'int': case 'long': case 'double': case 'decimal':
      return 10;
    case 'string': case 'symbol':
      return 15;
    case 'object':
      return 20;
    case 'array':
      return 25;
    case 'binData':
      return 30;
    case 'objectId':
      return 35;
    case 'bool':
      return 40;
    case 'date':
      return 45;
    case 'timestamp':
      return 47;
    case 'regex':
      return 50;
    case 'javascript':
      return 60;
    case 'maxKey':
      return 127;
    default:
      return 20;
  }
}

function sign(difference: number): number {
  return difference < 0 ? -1 : difference > 0 ? 1 : 0;
}

// Strings compare by their UTF-8 bytes; UTF-16 code units order the same way below the surrogates.
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 || y >= 0xd800) return sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return x < y ? -1 : 1;
  }
  return sign(a.length - b.length);
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = numericValue(a)!;
  const y = numericValue(b)!;
  // NaN equals NaN and sorts before every other number.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
  if (x !== y || !(a instanceof Long || b instanceof Long)) return sign(x - y);
  // Two longs beyond 2^53 can differ where their doubles do not.
  return Long.fromValue(a as Long | number).compare(Long.fromValue(b as Long | number));
}

/**
 * Compares two BSON values in MongoDB's order: first by canonical type (MinKey, null, numbers,
 * strings, objects, arrays, binary, ObjectId, booleans, dates, timestamps, regular expressions,
 * MaxKey), then by value; numbers of different types by their value, documents field by field,
 * arrays element by element. A missing value counts as null.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return sign(rankA - rankB);
  switch (rankA) {
    case 10:
      return compareNumbers(a, b);
    case 15:
      return compareStrings(String(a), String(b));
    case 20:
      return compareDocuments(a as Document, b as Document);
    case 25:
      return compareArrays(a as unknown[], b as unknown[]);
    case 35:
      return compareStrings((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case 40:
      return sign(Number(a) - Number(b));
    case 45:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 47: {
      const [x, y] = [a as { t: number; i: number }, b as { t: number; i: number }];
      return sign(x.t - y.t) || sign(x.i - y.i);
    }
    case 5:
    case -1:
    case 127:
      return 0;
    default:
      return compareStrings(EJSON.stringify(a, { relaxed: false }), EJSON.stringify(b, { relaxed: false }));
  }
}

function compareDocuments(a: Document, b: Document): number {
  const entriesA = Object.entries(a);
  const entriesB = Object.entries(b);
  const length = Math.min(entriesA.length, entriesB.length);
  for (let i = 0; i < length; i += 1) {
    const [keyA, valueA] = entriesA[i]!;
    const [keyB, valueB] = entriesB[i]!;
    const byType = sign(typeRank(valueA ?? null) - typeRank(valueB ?? null));
    if (byType !== 0) return byType;
    const byName = compareStrings(keyA, keyB);
    if (byName !== 0) return byName;
    const byValue = compareValues(valueA, valueB);
    if (byValue !== 0) return byValue;
  }
  return sign(entriesA.length - entriesB.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const byValue = compareValues(a[i], b[i]);
    if (byValue !== 0) return byValue;
  }
  return sign(a.length - b.length);
}

// Keys of the common scalars start with a character canonical Extended JSON never starts with.
const SCALAR = '\u0001';

function numberKey(value: number): string {
  // String(-0) is "0": 0 and -0 are one key, as are the int, long and double of one value.
  return Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : BigInt(value).toString();
}

/**
 * A key under which values MongoDB holds equal meet: numbers by value whatever their type (0 and −0,
 * int 1, long 1 and double 1.0 are one key), documents and arrays by their members. Used for index
 * keys, `_id`s, `$addToSet` and `distinct`. Keys only ever meet other keys of this function.
 */
export function equalityKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `${SCALAR}s${value}`;
    case 'number':
      return `${SCALAR}n${numberKey(value)}`;
    case 'boolean':
      return value ? `${SCALAR}t` : `${SCALAR}f`;
    case 'undefined':
      return `${SCALAR}z`;
    case 'bigint':
      return `${SCALAR}n${value.toString()}`;
    default:
      break;
  }
  if (value === null) return `${SCALAR}z`;
  if (value instanceof Date) return `${SCALAR}d${value.getTime()}`;
  if (Array.isArray(value)) return `${SCALAR}[${value.map(equalityKey).join('\u0002')}]`;
  if (isPlainObject(value)) {
    return `${SCALAR}{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${equalityKey(item)}`).join('\u0002')}}`;
  }
  const type = bsonTypeOf(value as object);
  if (type === 'ObjectId') return `${SCALAR}o${(value as { toHexString(): string }).toHexString()}`;
  if (type === 'Long') {
    const long = value as Long;
    const number = long.toNumber();
    return `${SCALAR}n${Number.isSafeInteger(number) ? String(number) : long.toString()}`;
  }
  if (type === 'Int32' || type === 'Double') return `${SCALAR}n${numberKey(numericValue(value)!)}`;
  return EJSON.stringify(value, { relaxed: false });
}

// The identity of a scalar: unlike equalityKey, −0 and 0 differ, as their bytes do.
function scalarIdentity(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return `${SCALAR}n${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'string':
    case 'boolean':
    case 'undefined':
      return equalityKey(value);
    case 'object':
      if (value === null || value instanceof Date || bsonTypeOf(value) === 'ObjectId') return equalityKey(value);
      return undefined;
    default:
      return undefined;
  }
}

/**
 * True when two BSON values are the same bytes (same types, same keys in the same order) — what
 * comparing their canonical Extended JSON says, without writing it out: an update that changes
 * nothing is told apart cheaply, and an update that turns 0 into −0 changes something.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const scalarA = scalarIdentity(a);
  const scalarB = scalarIdentity(b);
  if (scalarA !== undefined || scalarB !== undefined) return scalarA === scalarB;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    // Extended JSON leaves out undefined members, so they do not count here either.
    const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
    const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
    return keysA.length === keysB.length && keysA.every((key, i) => key === keysB[i] && sameValue(a[key], b[key]));
  }
  if (isPlainObject(a) || isPlainObject(b)) return false;
  return EJSON.stringify(a, { relaxed: false }) === EJSON.stringify(b, { relaxed: false });
}

/** Reads a dotted path (`slack.channelId`) of a document, without looking into arrays. */
export function valueAt(document: Document, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Document)[part];
  }
  return current;
}

/**
 * The values a dotted path reaches, looking into arrays on the way as MongoDB's multikey indexes do:
 * `slack.ch` of `{slack: [{ch: 'A'}, {ch: 'B'}]}` reaches 'A' and 'B'. An array at the end of the
 * path is one value (callers decide whether to look into it); a path that reaches nothing gives
 * `undefined` once.
 */
export function valuesAt(document: Document, path: string): unknown[] {
  if (!path.includes('.')) return [document[path]];
  const found: unknown[] = [];
  collect(document, path.split('.'), 0, found);
  return found.length > 0 ? found : [undefined];
}

function collect(value: unknown, parts: string[], index: number, found: unknown[]): void {
  if (index === parts.length) {
    found.push(value);
    return;
  }
  const part = parts[index]!;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) return collect(value[Number(part)], parts, index + 1, found);
    for (const item of value) if (isPlainObject(item)) collect(item[part], parts, index + 1, found);
    return;
  }
  if (isPlainObject(value)) return collect(value[part], parts, index + 1, found);
  found.push(undefined);
}

/** Copies plain objects and arrays, keeping BSON values (ObjectId, Date, …) as they are. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneDocument(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Document = {};
    for (const key of Object.keys(value)) copy[key] = cloneDocument((value as Document)[key]);
    return copy as T;
  }
  return value;
}

/** A value as MongoDB's messages print it: `"text"`, `2.5`, `ObjectId('…')`, `{ a: 1 }`, `[ 1, 2 ]`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (typeName(value) === 'int') return String(value);
    if (Object.is(value, -0)) return '-0.0';
    return Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.map(describeValue).join(', ')} ]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([key, item]) => `${key}: ${describeValue(item)}`).join(', ')} }`;
  }
  if (bsonTypeOf(value) === 'ObjectId') return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  return EJSON.stringify(value, { relaxed: true });
}

/** A field as MongoDB's messages print an element: `name: value`. */
export function describeElement(name: string, value: unknown): string {
  return `${name}: ${describeValue(value)}`;
}

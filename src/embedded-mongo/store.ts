import { EJSON, ObjectId, type Document } from 'bson';
import { Query, update as applyModifier } from 'mingo';
import { CommandError } from './errors.js';

/** An index as `createIndexes` declares it. */
export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

interface Index extends IndexSpec {
  fields: string[];
  /** Full key → ids, for uniqueness and equality on every field. */
  byKey: Map<string, Set<string>>;
  /** First field's value → ids, for equality lookups on the leading field. */
  byFirst: Map<string, Set<string>>;
  partial?: Query;
}

// Keys of the common scalars start with a character canonical Extended JSON never starts with.
const SCALAR = '\u0001';

function isObjectId(value: object): value is ObjectId {
  return (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}

/** The key of a string, number, boolean, null, Date or ObjectId; undefined for anything else. */
function scalarKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return `${SCALAR}s${value}`;
    case 'number':
      return `${SCALAR}n${Object.is(value, -0) ? '-0' : String(value)}`;
    case 'boolean':
      return value ? `${SCALAR}t` : `${SCALAR}f`;
    case 'undefined':
      return `${SCALAR}z`;
    case 'object':
      if (value === null) return `${SCALAR}z`;
      if (value instanceof Date) return `${SCALAR}d${value.getTime()}`;
      if (isObjectId(value)) return `${SCALAR}o${value.toHexString()}`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Canonical text of a value, so equal BSON values (ObjectIds, Dates) give equal map keys. Scalars and
 * arrays of scalars (index keys, ids: the hot path) get a short key; anything else its canonical
 * Extended JSON. Keys only ever meet other keys of this function, in this process.
 */
export function hashValue(value: unknown): string {
  const scalar = scalarKey(value);
  if (scalar !== undefined) return scalar;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const key = scalarKey(item);
      if (key === undefined) return EJSON.stringify(value, { relaxed: false });
      items.push(key);
    }
    return `${SCALAR}a${items.join('\u0002')}`;
  }
  return EJSON.stringify(value, { relaxed: false });
}

/**
 * True when two BSON values are the same (same types, same keys in the same order) — what comparing
 * their canonical Extended JSON says, without writing it out: an update that changes nothing is told
 * apart cheaply.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const scalarA = scalarKey(a);
  const scalarB = scalarKey(b);
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
  return hashValue(a) === hashValue(b);
}

function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Reads a dotted path (`slack.channelId`) of a document. */
export function valueAt(document: Document, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Document)[part];
  }
  return current;
}

/** Copies plain objects and arrays, keeping BSON values (ObjectId, Date, …) as they are. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => cloneDocument(item)) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneDocument(item)])) as T;
  }
  return value;
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(id);
  map.set(key, set);
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
}

function describeKey(fields: string[], values: unknown[]): string {
  return `{ ${fields.map((field, i) => `${field}: ${EJSON.stringify(values[i] ?? null)}`).join(', ')} }`;
}

/** One collection: documents by `_id`, in insertion order, with their indexes. */
export class Collection {
  readonly documents = new Map<string, Document>();
  private readonly indexes = new Map<string, Index>();

  constructor(
    readonly namespace: string,
  ) {
    this.addIndex({ name: '_id_', key: { _id: 1 }, unique: true });
  }

  /** The declared indexes, as listIndexes reports them. */
  indexSpecs(): IndexSpec[] {
    return [...this.indexes.values()].map(({ name, key, unique, sparse, partialFilterExpression }) => ({
      name,
      key,
      ...(unique && name !== '_id_' ? { unique } : {}),
      ...(sparse ? { sparse } : {}),
      ...(partialFilterExpression ? { partialFilterExpression } : {}),
    }));
  }

  /** Adds an index; refuses a unique one that the stored documents already violate. */
  addIndex(spec: IndexSpec): 'created' | 'exists' {
    const existing = this.indexes.get(spec.name);
    if (existing) {
      if (hashValue(existing.key) !== hashValue(spec.key)) {
        throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index: ${spec.name}`);
      }
      if (Boolean(existing.unique) !== Boolean(spec.unique) || Boolean(existing.sparse) !== Boolean(spec.sparse)) {
        throw new CommandError(85, 'IndexOptionsConflict', `An equivalent index already exists with a different name or options: ${spec.name}`);
      }
      return 'exists';
    }
    const index: Index = {
      ...spec,
      fields: Object.keys(spec.key),
      byKey: new Map(),
      byFirst: new Map(),
      ...(spec.partialFilterExpression ? { partial: new Query(spec.partialFilterExpression) } : {}),
    };
    // Built aside and registered only when every stored document fits it.
    for (const [id, document] of this.documents) {
      this.checkUnique(index, document, id);
      this.indexDocument(index, document, id);
    }
    this.indexes.set(spec.name, index);
    return 'created';
  }

  /** Drops an index by name; `_id_` stays. */
  dropIndex(name: string): boolean {
    if (name === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
    return this.indexes.delete(name);
  }

  /** Drops every index but `_id_`. */
  dropIndexes(): number {
    const count = this.indexes.size;
    for (const name of [...this.indexes.keys()]) if (name !== '_id_') this.indexes.delete(name);
    return count;
  }

  get indexCount(): number {
    return this.indexes.size;
  }

  private covers(index: Index, document: Document): boolean {
    if (index.partial && !index.partial.test(document)) return false;
    if (index.sparse && index.fields.every((field) => valueAt(document, field) === undefined)) return false;
    return true;
  }

  private keyOf(index: Index, document: Document): { key: string; values: unknown[] } {
    const values = index.fields.map((field) => valueAt(document, field) ?? null);
    return { key: hashValue(values), values };
  }

  private checkUnique(index: Index, document: Document, id: string): void {
    if (!index.unique || !this.covers(index, document)) return;
    const { key, values } = this.keyOf(index, document);
    const holders = index.byKey.get(key);
    if (holders && [...holders].some((holder) => holder !== id)) {
      const keyPattern = index.key;
      const keyValue = Object.fromEntries(index.fields.map((field, i) => [field, values[i]]));
      throw new CommandError(
        11000,
        'DuplicateKey',
        `E11000 duplicate key error collection: ${this.namespace} index: ${index.name} dup key: ${describeKey(index.fields, values)}`,
        { keyPattern, keyValue },
      );
    }
  }

  private indexDocument(index: Index, document: Document, id: string): void {
    if (!this.covers(index, document)) return;
    addTo(index.byKey, this.keyOf(index, document).key, id);
    for (const value of this.firstValues(index, document)) addTo(index.byFirst, value, id);
  }

  private unindexDocument(index: Index, document: Document, id: string): void {
    if (!this.covers(index, document)) return;
    removeFrom(index.byKey, this.keyOf(index, document).key, id);
    for (const value of this.firstValues(index, document)) removeFrom(index.byFirst, value, id);
  }

  // An array value is indexed under each element too, as MongoDB's multikey indexes are.
  private firstValues(index: Index, document: Document): string[] {
    const value = valueAt(document, index.fields[0]!);
    const values = [hashValue(value ?? null)];
    if (Array.isArray(value)) values.push(...value.map((item) => hashValue(item)));
    return values;
  }

  /** Stores a new document (it must have an `_id`); unique indexes are checked first, so a refusal stores nothing. */
  insert(document: Document): void {
    const id = hashValue(document._id);
    if (this.documents.has(id)) this.checkUnique(this.indexes.get('_id_')!, { _id: document._id }, '');
    for (const index of this.indexes.values()) this.checkUnique(index, document, id);
    this.documents.set(id, document);
    for (const index of this.indexes.values()) this.indexDocument(index, document, id);
  }

  /** Swaps a stored document for its new version when unique indexes still hold. */
  replace(previous: Document, next: Document): void {
    const id = hashValue(previous._id);
    if (hashValue(next._id) !== id) {
      throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    for (const index of this.indexes.values()) this.checkUnique(index, next, id);
    for (const index of this.indexes.values()) this.unindexDocument(index, previous, id);
    this.documents.set(id, next);
    for (const index of this.indexes.values()) this.indexDocument(index, next, id);
  }

  /** Removes a stored document. */
  remove(document: Document): void {
    const id = hashValue(document._id);
    for (const index of this.indexes.values()) this.unindexDocument(index, document, id);
    this.documents.delete(id);
  }

  /**
   * The documents a filter can match: narrowed through an index when the filter fixes the leading
   * field of one (equality, `$eq` or `$in`), all of them otherwise. The caller still applies the filter.
   */
  candidates(filter: Document): Document[] {
    let best: Set<string> | undefined;
    for (const index of this.indexes.values()) {
      if (index.partial) continue;
      const condition = filter[index.fields[0]!];
      const wanted = equalityValues(condition);
      if (!wanted) continue;
      // A sparse index leaves out documents without the field: it answers only for values that are set.
      if (index.sparse && wanted.some((value) => value === null || value === undefined)) continue;
      const ids = new Set<string>();
      for (const value of wanted) for (const id of index.byFirst.get(hashValue(value)) ?? []) ids.add(id);
      if (!best || ids.size < best.size) best = ids;
    }
    if (!best) return [...this.documents.values()];
    // Keep insertion order, as a collection scan would.
    if (best.size * 4 > this.documents.size) return [...this.documents.values()].filter((document) => best.has(hashValue(document._id)));
    return [...best].map((id) => this.documents.get(id)).filter((document): document is Document => !!document);
  }

  /** Documents matching a filter, in natural order. */
  match(filter: Document): Document[] {
    const matches = compileFilter(filter);
    return this.candidates(filter).filter(matches);
  }
}

function isPlainValue(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return value !== undefined;
  if (value instanceof Date || value instanceof ObjectId) return true;
  return false;
}

function equalityValues(condition: unknown): unknown[] | undefined {
  if (isPlainValue(condition)) return [condition];
  if (condition && typeof condition === 'object' && !Array.isArray(condition)) {
    const operators = Object.keys(condition);
    if (operators.length === 1 && operators[0] === '$eq' && isPlainValue((condition as Document).$eq)) return [(condition as Document).$eq];
    if (operators.length === 1 && operators[0] === '$in' && Array.isArray((condition as Document).$in)) {
      const values = (condition as Document).$in as unknown[];
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

/** A scalar's key under mingo's equality, where 0 and -0 are the same value. */
function equalityKey(value: unknown): string | undefined {
  return scalarKey(value === 0 ? 0 : value);
}

/** The key a condition's operand is compared by; undefined for values only mingo compares (null, NaN, objects). */
function comparableKey(value: unknown): string | undefined {
  if (value === null || value === undefined || Number.isNaN(value)) return undefined;
  if (value instanceof Date && Number.isNaN(value.getTime())) return undefined;
  return equalityKey(value);
}

function equalsKey(value: unknown, key: string): boolean | undefined {
  if (Array.isArray(value)) return undefined;
  return equalityKey(value) === key;
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
        return wanted.has(equalityKey(value));
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

const SIMPLE_UPDATES = new Set(['$set', '$unset', '$inc', '$max', '$min']);

/** Compares two values of the same simple type (number, string, Date); undefined otherwise. */
function compareSimple(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) {
    const difference = a.getTime() - b.getTime();
    return Number.isNaN(difference) ? undefined : Math.sign(difference);
  }
  return undefined;
}

/**
 * Applies `$set`, `$unset`, `$inc`, `$max` and `$min` of distinct top-level fields to the document
 * directly, as mingo does (operators in order, fields in order); returns false without touching the
 * document when the update is anything else, so mingo applies it.
 */
function applyTopLevelUpdate(document: Document, modifier: Document): boolean {
  const fields = new Set<string>();
  for (const [operator, changes] of Object.entries(modifier)) {
    if (!SIMPLE_UPDATES.has(operator) || !isPlainObject(changes)) return false;
    for (const [field, operand] of Object.entries(changes)) {
      if (field === '' || field.includes('.') || field.startsWith('$') || fields.has(field)) return false;
      fields.add(field);
      const current = document[field];
      if (operator === '$inc' && !(typeof operand === 'number' && (current === undefined || typeof current === 'number'))) return false;
      if ((operator === '$max' || operator === '$min') && compareSimple(current, operand) === undefined) return false;
    }
  }
  for (const [operator, changes] of Object.entries(modifier)) {
    for (const [field, operand] of Object.entries(changes as Document)) {
      if (operator === '$set') document[field] = cloneDocument(operand);
      else if (operator === '$unset') delete document[field];
      else if (operator === '$inc') document[field] = ((document[field] as number | undefined) || 0) + (operand as number);
      else if (operator === '$max' && compareSimple(document[field], operand)! < 0) document[field] = cloneDocument(operand);
      else if (operator === '$min' && compareSimple(document[field], operand)! > 0) document[field] = cloneDocument(operand);
    }
  }
  return true;
}

/** True when an update document is made of `$` operators (otherwise it replaces the document). */
export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

/**
 * Applies an update to a copy of a document and returns the copy: operators through mingo
 * (`$setOnInsert` only when inserting), or a replacement that keeps the `_id`.
 */
export function applyUpdate(document: Document, update: Document, options: { inserting: boolean; arrayFilters?: Document[] }): Document {
  if (!isOperatorUpdate(update)) {
    if (Object.keys(update).some((key) => key.startsWith('$'))) {
      throw new CommandError(9, 'FailedToParse', 'Update document mixes operators and fields');
    }
    return { _id: document._id, ...cloneDocument(update) };
  }
  const { $setOnInsert, ...rest } = update;
  const operators = withoutUnchangedId(rest, document);
  const touchesId = Object.values(operators).some(
    (fields) => fields && typeof fields === 'object' && Object.keys(fields).some((path) => path === '_id' || path.startsWith('_id.')),
  );
  if (touchesId && !options.inserting) {
    throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  const copy = cloneDocument(document);
  const modifier = options.inserting && $setOnInsert ? mergeSet(operators, $setOnInsert as Document) : operators;
  if (Object.keys(modifier).length > 0 && !(options.arrayFilters === undefined && applyTopLevelUpdate(copy, modifier))) {
    try {
      applyModifier(copy, cloneDocument(modifier), options.arrayFilters, undefined, { cloneMode: 'none' });
    } catch (error) {
      throw new CommandError(2, 'BadValue', (error as Error).message);
    }
  }
  return copy;
}

// `$set: { _id: <the same id> }` is allowed, as in MongoDB; mingo would refuse it.
function withoutUnchangedId(operators: Document, document: Document): Document {
  const set = operators.$set as Document | undefined;
  if (!set || !('_id' in set) || hashValue(set._id) !== hashValue(document._id)) return operators;
  const { _id: _unchanged, ...others } = set;
  return { ...operators, $set: others };
}

function mergeSet(operators: Document, setOnInsert: Document): Document {
  return { ...operators, $set: { ...(operators.$set as Document | undefined), ...setOnInsert } };
}

/** The document an upsert starts from: the filter's equality fields. */
export function seedFromFilter(filter: Document): Document {
  const seed: Document = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    const values = equalityValues(condition);
    if (values?.length === 1 && !(condition && typeof condition === 'object' && '$in' in (condition as Document))) {
      if (key.includes('.')) applyModifier(seed, { $set: { [key]: values[0] } });
      else seed[key] = values[0];
    }
  }
  return seed;
}

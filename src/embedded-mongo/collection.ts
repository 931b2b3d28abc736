import { type Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from './errors.js';
import { compileFilter, equalityValues } from './filter.js';
import { describeValue, equalityKey, isPlainObject, sameValue, valuesAt } from './values.js';

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
  /** Full key → ids, for uniqueness. */
  byKey: Map<string, Set<string>>;
  /** Leading field's key → ids, for equality lookups on the leading field. */
  byFirst: Map<string, Set<string>>;
  partial?: Query;
}

/** The keys one document has in one index: one per array element of its (single) array field. */
interface DocumentKeys {
  keys: Map<string, unknown[]>;
  first: Set<string>;
}

// MongoDB keys an empty array as `undefined`, apart from null and a missing field.
const EMPTY_ARRAY_KEY = '\u0001u';

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  set?.delete(id);
  if (set?.size === 0) map.delete(key);
}

function describeKey(fields: string[], values: unknown[]): string {
  return `{ ${fields.map((field, i) => `${field}: ${describeValue(values[i] ?? null)}`).join(', ')} }`;
}

/** One collection: documents by `_id`, in insertion order, with their indexes. */
export class Collection {
  readonly documents = new Map<string, Document>();
  private readonly indexes = new Map<string, Index>();

  constructor(readonly namespace: string) {
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
      if (!sameValue(existing.key, spec.key)) {
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
      const keys = this.keysOf(index, document);
      this.checkUnique(index, keys, id);
      this.indexKeys(index, keys, id);
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

  /**
   * The document's keys in an index, or undefined when the index leaves it out (partial, or sparse
   * and without any of the fields). Values compare as MongoDB compares them (0 and −0, 1 and 1.0 are
   * one key); an array contributes each element, as a multikey index does.
   */
  private keysOf(index: Index, document: Document): DocumentKeys | undefined {
    if (index.partial && !index.partial.test(document)) return undefined;
    const perField = index.fields.map((field) => valuesAt(document, field));
    if (perField.every((values) => values.length === 1 && !Array.isArray(values[0]))) {
      // One key, no arrays: the common case, without the combinations below.
      if (index.sparse && perField.every((values) => values[0] === undefined)) return undefined;
      const values = perField.map((found) => found[0] ?? null);
      const firstKey = equalityKey(values[0]);
      const key = values.length === 1 ? firstKey : values.map(equalityKey).join('\u0002');
      return { keys: new Map([[key, values]]), first: new Set([firstKey]) };
    }
    if (index.sparse && perField.every((values) => values.every((value) => value === undefined))) return undefined;
    let arrays = 0;
    const expanded = perField.map((values) => {
      const items: Array<{ key: string; value: unknown }> = [];
      for (const value of values) {
        if (!Array.isArray(value)) {
          items.push({ key: equalityKey(value ?? null), value: value ?? null });
          continue;
        }
        arrays += 1;
        if (value.length === 0) items.push({ key: EMPTY_ARRAY_KEY, value: undefined });
        for (const item of value) items.push({ key: equalityKey(item ?? null), value: item ?? null });
      }
      if (values.length > 1) arrays += 1;
      return items;
    });
    if (arrays > 1 && index.fields.length > 1) {
      throw new CommandError(171, 'CannotIndexParallelArrays', `cannot index parallel arrays [${index.fields.join('] [')}]`);
    }
    let combinations: Array<{ key: string; values: unknown[] }> = [{ key: '', values: [] }];
    for (const items of expanded) {
      combinations = combinations.flatMap((prefix) =>
        items.map((item) => ({ key: prefix.values.length === 0 ? item.key : `${prefix.key}\u0002${item.key}`, values: [...prefix.values, item.value] })),
      );
    }
    const keys = new Map<string, unknown[]>();
    for (const combination of combinations) keys.set(combination.key, combination.values);
    return { keys, first: new Set(expanded[0]!.map((item) => item.key)) };
  }

  private checkUnique(index: Index, keys: DocumentKeys | undefined, id: string): void {
    if (!index.unique || !keys) return;
    for (const [key, values] of keys.keys) {
      const holders = index.byKey.get(key);
      if (!holders || ![...holders].some((holder) => holder !== id)) continue;
      const keyValue = Object.fromEntries(index.fields.map((field, i) => [field, values[i]]));
      throw new CommandError(
        11000,
        'DuplicateKey',
        `E11000 duplicate key error collection: ${this.namespace} index: ${index.name} dup key: ${describeKey(index.fields, values)}`,
        { keyPattern: index.key, keyValue },
      );
    }
  }

  private indexKeys(index: Index, keys: DocumentKeys | undefined, id: string): void {
    if (!keys) return;
    for (const key of keys.keys.keys()) addTo(index.byKey, key, id);
    for (const key of keys.first) addTo(index.byFirst, key, id);
  }

  private unindexKeys(index: Index, keys: DocumentKeys | undefined, id: string): void {
    if (!keys) return;
    for (const key of keys.keys.keys()) removeFrom(index.byKey, key, id);
    for (const key of keys.first) removeFrom(index.byFirst, key, id);
  }

  /** Stores a new document (it must have an `_id`); unique indexes are checked first, so a refusal stores nothing. */
  insert(document: Document): void {
    checkId(document._id);
    const id = equalityKey(document._id);
    const keys = [...this.indexes.values()].map((index) => [index, this.keysOf(index, document)] as const);
    for (const [index, indexKeys] of keys) this.checkUnique(index, indexKeys, id);
    if (this.documents.has(id)) this.checkUnique(this.indexes.get('_id_')!, this.keysOf(this.indexes.get('_id_')!, document), '');
    this.documents.set(id, document);
    for (const [index, indexKeys] of keys) this.indexKeys(index, indexKeys, id);
  }

  /** Swaps a stored document for its new version when unique indexes still hold. */
  replace(previous: Document, next: Document): void {
    const id = equalityKey(previous._id);
    if (equalityKey(next._id) !== id) {
      throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const keys = [...this.indexes.values()].map((index) => [index, this.keysOf(index, previous), this.keysOf(index, next)] as const);
    for (const [index, , nextKeys] of keys) this.checkUnique(index, nextKeys, id);
    for (const [index, previousKeys] of keys) this.unindexKeys(index, previousKeys, id);
    this.documents.set(id, next);
    for (const [index, , nextKeys] of keys) this.indexKeys(index, nextKeys, id);
  }

  /** Removes a stored document. */
  remove(document: Document): void {
    const id = equalityKey(document._id);
    for (const index of this.indexes.values()) this.unindexKeys(index, this.keysOf(index, document), id);
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
      const wanted = equalityValues(filter[index.fields[0]!]);
      if (!wanted) continue;
      // A sparse index leaves out documents without the field: it answers only for values that are set.
      if (index.sparse && wanted.some((value) => value === null || value === undefined)) continue;
      const ids = new Set<string>();
      for (const value of wanted) for (const id of index.byFirst.get(equalityKey(value)) ?? []) ids.add(id);
      if (!best || ids.size < best.size) best = ids;
    }
    if (!best) return [...this.documents.values()];
    // Keep insertion order, as a collection scan would.
    if (best.size * 4 > this.documents.size) return [...this.documents.values()].filter((document) => best.has(equalityKey(document._id)));
    return [...best].map((id) => this.documents.get(id)).filter((document): document is Document => !!document);
  }

  /** Documents matching a filter, in natural order. */
  match(filter: Document): Document[] {
    const matches = compileFilter(filter);
    return this.candidates(filter).filter(matches);
  }
}

// What MongoDB refuses as an `_id` (storage_validation.cpp): arrays, regular expressions, undefined, and documents with `$` fields.
function checkId(id: unknown): void {
  if (Array.isArray(id) || id instanceof RegExp || id === undefined) {
    const type = Array.isArray(id) ? 'array' : id instanceof RegExp ? 'regex' : 'undefined';
    throw new CommandError(53, 'InvalidIdField', `The '_id' value cannot be of type ${type}`);
  }
  if (isPlainObject(id)) {
    const dollar = Object.keys(id).find((key) => key.startsWith('$'));
    if (dollar) {
      throw new CommandError(52, 'DollarPrefixedFieldName', `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`);
    }
  }
}

import { Long, ObjectId, type Document } from 'bson';
import { find } from 'mingo';
import type { Collection } from './collection.js';
import { CommandError } from './errors.js';
import { seedFromFilter } from './filter.js';
import { applyUpdate, isOperatorUpdate } from './update.js';
import { cloneDocument, compareValues, equalityKey, sameValue, valuesAt } from './values.js';

/** A count or size from a command, whatever numeric type the driver sent it as. */
export function num(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (value instanceof Long) return value.toNumber();
  return Number(value);
}

// An empty array sorts before null and before every other value.
const BELOW_ALL = Symbol('empty array');

function compareSortKeys(a: unknown, b: unknown): number {
  if (a === BELOW_ALL || b === BELOW_ALL) return a === b ? 0 : a === BELOW_ALL ? -1 : 1;
  return compareValues(a, b);
}

/** A document's sort key for one path: of the values an array holds, the smallest ascending and the largest descending. */
function sortKey(document: Document, path: string, order: number): unknown {
  let best: unknown;
  let found = false;
  for (const value of valuesAt(document, path)) {
    const candidates = Array.isArray(value) ? (value.length === 0 ? [BELOW_ALL] : value) : [value];
    for (const candidate of candidates) {
      if (!found || order * compareSortKeys(candidate, best) < 0) best = candidate;
      found = true;
    }
  }
  return best;
}

/** Sorts documents as MongoDB does: values of different types in BSON order, arrays by their extreme element. */
export function sortDocuments(documents: Document[], sort: Document): Document[] {
  const fields = Object.entries(sort).map(([path, order]) => [path, num(order, 1) < 0 ? -1 : 1] as const);
  const keyed = documents.map((document) => ({ document, keys: fields.map(([path, order]) => sortKey(document, path, order)) }));
  keyed.sort((a, b) => {
    for (const [i, [, order]] of fields.entries()) {
      const byField = compareSortKeys(a.keys[i], b.keys[i]);
      if (byField !== 0) return order * byField;
    }
    return 0;
  });
  return keyed.map(({ document }) => document);
}

/** The documents a find-like command selects: filtered, sorted, skipped, limited and projected. */
export function selectDocuments(collection: Collection | undefined, command: Document, filter: Document): Document[] {
  if (!collection) return [];
  const projection = command.projection && Object.keys(command.projection).length > 0 ? (command.projection as Document) : undefined;
  const sort = command.sort && Object.keys(command.sort).length > 0 ? (command.sort as Document) : undefined;
  let documents = collection.match(filter);
  if (sort) documents = sortDocuments(documents, sort);
  const skip = num(command.skip, 0);
  const limit = Math.abs(num(command.limit, 0));
  if (skip > 0 || limit > 0) documents = documents.slice(skip, limit > 0 ? skip + limit : undefined);
  // Projecting is mingo's; it gets the filter too, for the positional `field.$` a projection may use.
  return projection ? (find(documents, filter, projection).all() as Document[]) : documents;
}

/** `insert`: stores each document, reporting refusals as write errors (stopping at the first when ordered). */
export function insertDocuments(collection: Collection, command: Document): Document {
  const documents = (command.documents ?? []) as Document[];
  const ordered = command.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  documents.forEach((document, index) => {
    if (ordered && writeErrors.length > 0) return;
    const { _id = new ObjectId(), ...rest } = document;
    try {
      collection.insert({ _id, ...rest });
      n += 1;
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      writeErrors.push(error.toWriteError(index));
    }
  });
  return { n, ...(writeErrors.length > 0 ? { writeErrors } : {}), ok: 1 };
}

function upsertDocument(collection: Collection, filter: Document, update: Document, arrayFilters?: Document[]): Document {
  const seed = seedFromFilter(filter);
  const built = isOperatorUpdate(update)
    ? applyUpdate(seed, update, { inserting: true, arrayFilters, filter })
    : { ...cloneDocument(update), ...(seed._id !== undefined && update._id === undefined ? { _id: seed._id } : {}) };
  const { _id = new ObjectId(), ...rest } = built;
  const document = { _id, ...rest };
  collection.insert(document);
  return document;
}

interface UpdateTally {
  n: number;
  nModified: number;
  upserted: Document[];
}

function pipelineRefused(): CommandError {
  return new CommandError(2, 'BadValue', 'pipeline updates are not supported by the embedded server');
}

/** Updates the documents one statement selects; each is swapped in only when unique indexes hold. */
function updateStatement(collection: Collection, statement: Document, index: number, tally: UpdateTally): void {
  const filter = (statement.q ?? {}) as Document;
  const update = statement.u as Document;
  if (Array.isArray(update)) throw pipelineRefused();
  const arrayFilters = statement.arrayFilters as Document[] | undefined;
  if (statement.multi && !isOperatorUpdate(update)) throw new CommandError(9, 'FailedToParse', 'multi update is not supported for replacement-style update');
  const matches = collection.match(filter);
  const targets = statement.multi ? matches : matches.slice(0, 1);
  for (const document of targets) {
    const next = applyUpdate(document, update, { inserting: false, arrayFilters, filter });
    tally.n += 1;
    if (sameValue(next, document)) continue;
    collection.replace(document, next);
    tally.nModified += 1;
  }
  if (targets.length === 0 && statement.upsert) {
    const inserted = upsertDocument(collection, filter, update, arrayFilters);
    tally.n += 1;
    tally.upserted.push({ index, _id: inserted._id });
  }
}

/** `update`: applies each statement, reporting refusals as write errors (stopping at the first when ordered). */
export function updateDocuments(collection: Collection, command: Document): Document {
  const ordered = command.ordered !== false;
  const tally: UpdateTally = { n: 0, nModified: 0, upserted: [] };
  const writeErrors: Document[] = [];
  ((command.updates ?? []) as Document[]).forEach((statement, index) => {
    if (ordered && writeErrors.length > 0) return;
    try {
      updateStatement(collection, statement, index, tally);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      writeErrors.push(error.toWriteError(index));
    }
  });
  return {
    n: tally.n,
    nModified: tally.nModified,
    ...(tally.upserted.length > 0 ? { upserted: tally.upserted } : {}),
    ...(writeErrors.length > 0 ? { writeErrors } : {}),
    ok: 1,
  };
}

/** `delete`: removes what each statement selects (one document when its limit is 1). */
export function deleteDocuments(collection: Collection | undefined, command: Document): Document {
  let n = 0;
  for (const statement of (command.deletes ?? []) as Document[]) {
    if (!collection) break;
    const matches = collection.match((statement.q ?? {}) as Document);
    const targets = num(statement.limit, 0) === 1 ? matches.slice(0, 1) : matches;
    for (const document of targets) collection.remove(document);
    n += targets.length;
  }
  return { n, ok: 1 };
}

/** `findAndModify`: updates, upserts or removes the first document the sorted query selects. */
export function findAndModify(collection: Collection, command: Document): Document {
  const filter = (command.query ?? {}) as Document;
  const [target] = selectDocuments(collection, { sort: command.sort, limit: 1 }, filter);
  const project = (document: Document | null) =>
    document && command.fields && Object.keys(command.fields).length > 0
      ? ((find([document], {}, command.fields as Document).all()[0] as Document) ?? null)
      : document;
  if (command.remove) {
    if (target) collection.remove(target);
    return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target ?? null), ok: 1 };
  }
  const update = command.update as Document | undefined;
  if (Array.isArray(update)) throw pipelineRefused();
  if (!update) throw new CommandError(9, 'FailedToParse', 'Either an update or remove=true must be specified');
  const arrayFilters = command.arrayFilters as Document[] | undefined;
  if (target) {
    const next = applyUpdate(target, update, { inserting: false, arrayFilters, filter });
    if (!sameValue(next, target)) collection.replace(target, next);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(command.new ? next : target), ok: 1 };
  }
  if (!command.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const inserted = upsertDocument(collection, filter, update, arrayFilters);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
    value: project(command.new ? inserted : null),
    ok: 1,
  };
}

/** `distinct`: the distinct values of a field (array elements one by one), 0 and −0 as one. */
export function distinctValues(collection: Collection | undefined, key: string, filter: Document): unknown[] {
  const seen = new Map<string, unknown>();
  for (const document of selectDocuments(collection, {}, filter)) {
    for (const value of valuesAt(document, key)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && !seen.has(equalityKey(item))) seen.set(equalityKey(item), item);
      }
    }
  }
  return [...seen.values()];
}

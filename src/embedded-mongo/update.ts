import { type Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from './errors.js';
import { CREATING, leafUpdate, OPERATORS, write, type ApplyContext, type LeafUpdate, type Operator } from './update-operators.js';
import { cloneDocument, compareValues, describeElement, describeValue, isPlainObject, typeName, valueAt } from './values.js';

/** One field an update changes: the operator, its path and what it does there. */
interface Modification {
  operator: Operator;
  path: string;
  parts: string[];
  apply: LeafUpdate;
  /** The source of a `$rename` (`path` is its target). */
  from?: string[];
}

/** `$[]` or `$[identifier]`: an array filter in an update path. */
const ARRAY_FILTER = /^\$\[(.*)\]$/;
const IDENTIFIER = /^[a-z][a-zA-Z0-9]*$/;
const KNOWN = new Set<string>(OPERATORS);

function bad(message: string): CommandError {
  return new CommandError(2, 'BadValue', message);
}

function failedToParse(message: string): CommandError {
  return new CommandError(9, 'FailedToParse', message);
}

function conflict(path: string, at: string): CommandError {
  return new CommandError(40, 'ConflictingUpdateOperators', `Updating the path '${path}' would create a conflict at '${at}'`);
}

/** True when an update document is made of `$` operators (otherwise it replaces the document). */
export function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((key) => key.startsWith('$'));
}

function parseArrayFilters(arrayFilters: Document[] | undefined): Map<string, Query> {
  const filters = new Map<string, Query>();
  for (const filter of arrayFilters ?? []) {
    const identifiers = [...new Set(Object.keys(filter).map((key) => key.split('.')[0]!))];
    if (identifiers.length === 0) throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
    if (identifiers.length > 1) {
      throw failedToParse(`Error parsing array filter :: caused by :: Expected a single top-level field name, found '${identifiers[0]}' and '${identifiers[1]}'`);
    }
    const identifier = identifiers[0]!;
    if (!IDENTIFIER.test(identifier)) {
      throw bad(`Error parsing array filter :: caused by :: The top-level field name must be an alphanumeric string beginning with a lowercase letter, found '${identifier}'`);
    }
    if (filters.has(identifier)) throw failedToParse(`Found multiple array filters with the same top-level field name ${identifier}`);
    try {
      filters.set(identifier, new Query(filter));
    } catch (error) {
      throw bad(`Error parsing array filter :: caused by :: ${(error as Error).message}`);
    }
  }
  return filters;
}

/** The tree of paths an update touches, where two paths on one branch conflict (update_object_node.cpp). */
interface PathNode {
  kind: 'object' | 'array' | 'leaf';
  children: Map<string, PathNode>;
}

function addPath(root: PathNode, parts: string[], path: string): void {
  let current = root;
  for (let i = 0; i < parts.length - 1; i += 1) {
    const kind = ARRAY_FILTER.test(parts[i + 1]!) ? 'array' : 'object';
    let child = current.children.get(parts[i]!);
    if (child && child.kind !== kind) throw conflict(path, parts.slice(0, i + 1).join('.'));
    if (!child) {
      child = { kind, children: new Map() };
      current.children.set(parts[i]!, child);
    }
    current = child;
  }
  if (current.children.has(parts.at(-1)!)) throw conflict(path, path);
  current.children.set(parts.at(-1)!, { kind: 'leaf', children: new Map() });
}

function checkPath(path: string, parts: string[], arrayFilters: Map<string, Query>, used: Set<string>): void {
  if (path === '') throw new CommandError(56, 'EmptyFieldName', 'An empty update path is not valid.');
  if (parts.length === 1 && !path.startsWith('$')) return;
  if (parts.some((part) => part === '')) {
    throw new CommandError(56, 'EmptyFieldName', `The update path '${path}' contains an empty field name, which is not allowed.`);
  }
  if (parts.filter((part) => part === '$').length > 1) throw bad(`Too many positional (i.e. '$') elements found in path '${path}'`);
  if (parts[0] === '$') throw bad(`Cannot have positional (i.e. '$') element in the first position in path '${path}'`);
  parts.forEach((part, i) => {
    const identifier = ARRAY_FILTER.exec(part)?.[1];
    if (identifier === undefined) return;
    if (i === 0) throw bad(`Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`);
    if (identifier !== '' && !arrayFilters.has(identifier)) throw bad(`No array filter found for identifier '${identifier}' in path '${path}'`);
    if (identifier !== '') used.add(identifier);
  });
}

function renameSource(path: string, parts: string[], operand: unknown): string[] {
  if (typeof operand !== 'string') throw bad(`The 'to' field for $rename must be a string: ${describeElement(path, operand)}`);
  const dynamic = (field: string) => field.split('.').some((part) => part === '$' || ARRAY_FILTER.test(part));
  if (dynamic(path)) throw bad(`The source field for $rename may not be dynamic: ${path}`);
  if (dynamic(operand)) throw bad(`The destination field for $rename may not be dynamic: ${operand}`);
  if (path === operand) throw bad(`The source and target field for $rename must differ: ${describeElement(path, operand)}`);
  if (operand.startsWith(`${path}.`) || path.startsWith(`${operand}.`)) {
    throw bad(`The source and target field for $rename must not be on the same path: ${describeElement(path, operand)}`);
  }
  return parts;
}

const DIGITS = /^\d+$/;

// Numeric parts compare as numbers, the others as strings: the order MongoDB applies an update in.
function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (DIGITS.test(x) && DIGITS.test(y)) return x.length - y.length || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Refuses two paths on one branch of the update (a path twice, or a path and one inside it). */
function checkConflicts(paths: Array<{ path: string; parts: string[] }>): void {
  if (paths.every(({ parts }) => parts.length === 1)) {
    const seen = new Set<string>();
    for (const { path } of paths) {
      if (seen.has(path)) throw conflict(path, path);
      seen.add(path);
    }
    return;
  }
  const root: PathNode = { kind: 'object', children: new Map() };
  for (const { path, parts } of paths) addPath(root, parts, path);
}

/**
 * Reads an operator update as MongoDB does (update_driver.cpp): unknown operators, operands of the
 * wrong type, two operators on one path (`$set` and `$setOnInsert` of `a`, or `a` and `a.b`), array
 * filters missing or unused are refused before anything is applied. The result is in the order
 * MongoDB applies it: by path, field names lexicographically and array indexes numerically.
 */
function parseUpdate(update: Document, filters: Map<string, Query>): Modification[] {
  const modifications: Modification[] = [];
  const claimed: Array<{ path: string; parts: string[] }> = [];
  const used = new Set<string>();
  for (const [name, fields] of Object.entries(update)) {
    if (!KNOWN.has(name)) {
      throw failedToParse(`Unknown modifier: ${name}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    if (!isPlainObject(fields)) {
      throw failedToParse(`Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${describeElement(name, fields)}}`);
    }
    const operator = name as Operator;
    for (const [path, operand] of Object.entries(fields)) {
      const parts = path.split('.');
      checkPath(path, parts, filters, used);
      claimed.push({ path, parts });
      if (operator === '$rename') {
        const from = renameSource(path, parts, operand);
        const target = String(operand);
        const targetParts = target.split('.');
        checkPath(target, targetParts, filters, used);
        claimed.push({ path: target, parts: targetParts });
        modifications.push({ operator, path: target, parts: targetParts, from, apply: renamed });
        continue;
      }
      modifications.push({ operator, path, parts, apply: leafUpdate(operator, path, operand) });
    }
  }
  checkConflicts(claimed);
  for (const identifier of filters.keys()) {
    if (!used.has(identifier)) {
      throw failedToParse(`The array filter for identifier '${identifier}' was not used in the update ${describeValue(update)}`);
    }
  }
  return modifications.length > 1 ? modifications.sort((a, b) => comparePaths(a.parts, b.parts)) : modifications;
}

function positionalNotFound(): CommandError {
  return bad('The positional operator did not find the match needed from the query.');
}

/** Where a positional `$` points: the first element of the array at `arrayParts` that the filter matched. */
function positionalIndex(original: Document, filter: Document | undefined, arrayParts: string[]): number {
  const arrayPath = arrayParts.join('.');
  const array = valueAt(original, arrayPath);
  const conditions = Object.entries(filter ?? {}).filter(([key]) => key === arrayPath || key.startsWith(`${arrayPath}.`));
  if (!Array.isArray(array) || conditions.length === 0) throw positionalNotFound();
  const query = new Query(Object.fromEntries(conditions));
  // Each element alone in the array: the first one the filter's conditions on the array match.
  const index = array.findIndex((element) => query.test(arrayParts.reduceRight<unknown>((inner, part) => ({ [part]: inner }), [element]) as Document));
  if (index < 0) throw positionalNotFound();
  return index;
}

/** One modification applied to one document. */
interface Walk {
  modification: Modification;
  creates: boolean;
  context: ApplyContext;
  /** The document before the update, and the filter that selected it, for the positional `$`. */
  original: Document;
  filter?: Document;
  filters: Map<string, Query>;
}

function notViable(part: string, name: string, value: unknown): CommandError {
  return new CommandError(28, 'PathNotViable', `Cannot create field '${part}' in element {${describeElement(name, value)}}`);
}

function has(container: Document | unknown[], key: string | number): boolean {
  return Array.isArray(container) ? (key as number) < container.length : Object.prototype.hasOwnProperty.call(container, key);
}

/** Steps into `container` (the value at `taken`, named `name`) with the path's part `index`. */
function step(walk: Walk, container: Document | unknown[], name: string, index: number, taken: string[]): void {
  let part = walk.modification.parts[index]!;
  if (part === '$') part = String(positionalIndex(walk.original, walk.filter, taken));
  const filter = part.startsWith('$[') ? ARRAY_FILTER.exec(part) : null;
  if (filter) {
    if (!Array.isArray(container)) throw bad(`Cannot apply array updates to non-array element ${describeElement(name, container)}`);
    const identifier = filter[1]!;
    const matches = identifier === '' ? undefined : walk.filters.get(identifier)!;
    container.forEach((element, i) => {
      if (!matches || matches.test({ [identifier]: element })) descend(walk, container, i, index, taken);
    });
    return;
  }
  if (Array.isArray(container) && !DIGITS.test(part)) {
    if (walk.creates) throw notViable(part, name, container);
    return;
  }
  descend(walk, container, Array.isArray(container) ? Number(part) : part, index, taken);
}

function descend(walk: Walk, container: Document | unknown[], key: string | number, index: number, taken: string[]): void {
  const { parts } = walk.modification;
  const present = has(container, key);
  const value = (container as Document)[key as string] as unknown;
  if (index === parts.length - 1) {
    walk.modification.apply({ parent: container, key, present, value, taken }, walk.context);
    return;
  }
  const path = [...taken, String(key)];
  if (Array.isArray(value) || isPlainObject(value)) return step(walk, value, String(key), index + 1, path);
  const next = parts[index + 1]!;
  if (next === '$') throw positionalNotFound();
  if (ARRAY_FILTER.test(next)) {
    if (!present) throw bad(`The path '${path.join('.')}' must exist in the document in order to apply array updates.`);
    return step(walk, value as Document, String(key), index + 1, path);
  }
  if (present) {
    if (walk.creates) throw notViable(next, String(key), value);
    if (walk.modification.operator === '$pop') {
      throw new CommandError(28, 'PathNotViable', `Cannot use the part (${next}) of (${walk.modification.path}) to traverse the element ({${describeElement(String(key), value)}})`);
    }
    return;
  }
  if (!walk.creates) return;
  const created: Document = {};
  write({ parent: container, key, present, value, taken }, created);
  step(walk, created, String(key), index + 1, path);
}

// A $rename's target is written by applyRename, which knows the value it moves.
function renamed(): boolean {
  return false;
}

function applyRename(document: Document, walk: Walk): void {
  const source = walk.modification.from!;
  let parent: unknown = document;
  for (const [i, part] of source.slice(0, -1).entries()) {
    parent = (parent as Document)[part];
    if (Array.isArray(parent)) {
      throw bad(`The source field cannot be an array element, '${source.join('.')}' in doc with ${describeElement(source[i]!, parent)} has an array field called '${source[i]}'`);
    }
    if (!isPlainObject(parent)) return;
  }
  const field = source.at(-1)!;
  if (!Object.prototype.hasOwnProperty.call(parent, field)) return;
  const value = (parent as Document)[field] as unknown;
  delete (parent as Document)[field];
  const target = walk.modification.path;
  const apply: LeafUpdate = (slot) => {
    if (Array.isArray(slot.parent)) throw bad(`The destination field cannot be an array element, '${target}' in doc with an array on its path`);
    write(slot, value);
    return true;
  };
  step({ ...walk, modification: { ...walk.modification, apply }, creates: true }, document, '', 0, []);
}

function sameId(before: unknown, after: unknown): boolean {
  if (before === after) return true;
  return before === undefined ? after === undefined : after !== undefined && compareValues(before, after) === 0;
}

/** What an update is applied with besides the document. */
export interface UpdateOptions {
  /** True when the update builds a document for an upsert (`$setOnInsert` applies, `_id` may be set). */
  inserting: boolean;
  arrayFilters?: Document[];
  /** The filter that selected the document, for the positional `$`. */
  filter?: Document;
  now?: Date;
}

const NO_FILTERS: ReadonlyMap<string, Query> = new Map();

/**
 * Applies an update to a copy of a document and returns the copy: operators as MongoDB applies them
 * (refusing what it refuses with its codes), or a replacement that keeps the `_id`.
 */
export function applyUpdate(document: Document, update: Document, options: UpdateOptions): Document {
  if (!isOperatorUpdate(update)) {
    if (Object.keys(update).some((key) => key.startsWith('$'))) {
      throw new CommandError(9, 'FailedToParse', 'Update document mixes operators and fields');
    }
    return { _id: document._id, ...cloneDocument(update) };
  }
  const filters = options.arrayFilters?.length ? parseArrayFilters(options.arrayFilters) : (NO_FILTERS as Map<string, Query>);
  const modifications = parseUpdate(update, filters);
  const copy = cloneDocument(document);
  const context: ApplyContext = { document: copy, inserting: options.inserting, now: options.now ?? new Date() };
  for (const modification of modifications) {
    if (modification.operator === '$setOnInsert' && !options.inserting) continue;
    const walk: Walk = { modification, creates: CREATING.has(modification.operator), context, original: document, filter: options.filter, filters };
    if (modification.operator === '$rename') applyRename(copy, walk);
    else step(walk, copy, '', 0, []);
  }
  if (!options.inserting && !sameId(document._id, copy._id)) {
    throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return copy;
}

import { Long, Timestamp, type Document } from 'bson';
import { Query } from 'mingo';
import { CommandError } from './errors.js';
import {
  cloneDocument,
  compareValues,
  describeElement,
  describeValue,
  isNumeric,
  isPlainObject,
  numericValue,
  sameValue,
  typeName,
  valueAt,
} from './values.js';

/** The update operators MongoDB knows, each parsed into what applying it needs. */
export const OPERATORS = [
  '$set', '$unset', '$inc', '$mul', '$max', '$min', '$push', '$addToSet', '$pull', '$pullAll', '$pop', '$rename',
  '$currentDate', '$setOnInsert', '$bit',
] as const;

/** One of the update operators. */
export type Operator = (typeof OPERATORS)[number];

/** Operators that create a missing field (the others leave a missing field missing). */
export const CREATING: ReadonlySet<Operator> = new Set(['$set', '$inc', '$mul', '$max', '$min', '$push', '$addToSet', '$currentDate', '$setOnInsert', '$bit']);

/** Where an operator applies: the field `key` of `parent` (a document or an array), present or not. */
export interface Slot {
  parent: Document | unknown[];
  key: string | number;
  present: boolean;
  value: unknown;
  /** The path taken to `parent`, for messages. */
  taken: readonly string[];
}

/** The dotted path of a slot, as messages name it. */
export function slotPath(slot: Slot): string {
  return [...slot.taken, String(slot.key)].join('.');
}

/** What applying one operator to one field needs besides the slot. */
export interface ApplyContext {
  document: Document;
  inserting: boolean;
  now: Date;
}

/** An operator applied to one slot: writes into it and says whether anything changed. */
export type LeafUpdate = (slot: Slot, context: ApplyContext) => boolean;

function bad(message: string): CommandError {
  return new CommandError(2, 'BadValue', message);
}

function isInteger(value: unknown): boolean {
  const number = numericValue(value);
  return number !== undefined && Number.isInteger(number);
}

/** Writes a value into a slot; an array is padded with nulls up to the index, as MongoDB does. */
export function write(slot: Slot, value: unknown): void {
  if (Array.isArray(slot.parent)) {
    const index = slot.key as number;
    while (slot.parent.length < index) slot.parent.push(null);
    slot.parent[index] = value;
  } else {
    slot.parent[slot.key as string] = value;
  }
}

function idOf(context: ApplyContext): string {
  return `{${describeElement('_id', context.document._id)}}`;
}

function lastName(slot: Slot): string {
  return String(slot.key);
}

function arithmetic(operator: '$inc' | '$mul', path: string, operand: unknown): LeafUpdate {
  if (!isNumeric(operand)) {
    const verb = operator === '$inc' ? 'increment' : 'multiply';
    throw new CommandError(14, 'TypeMismatch', `Cannot ${verb} with non-numeric argument: {${describeElement(path, operand)}}`);
  }
  return (slot, context) => {
    if (!slot.present) {
      // A missing field is created as the increment itself (−0 included), or as a zero for $mul.
      write(slot, operator === '$inc' ? cloneDocument(operand) : typeName(operand) === 'int' ? 0 : (numericValue(operand)! * 0));
      return true;
    }
    if (!isNumeric(slot.value)) {
      throw new CommandError(
        14,
        'TypeMismatch',
        `Cannot apply ${operator} to a value of non-numeric type. ${idOf(context)} has the field '${lastName(slot)}' of non-numeric type ${typeName(slot.value)}`,
      );
    }
    const result = combine(operator, slot.value, operand);
    if (sameValue(result, slot.value)) return false;
    write(slot, result);
    return true;
  };
}

function combine(operator: '$inc' | '$mul', current: unknown, operand: unknown): unknown {
  if (typeof current === 'number' && typeof operand === 'number') return operator === '$inc' ? current + operand : current * operand;
  const longs = [current, operand].some((value) => value instanceof Long);
  if (longs && isInteger(current) && isInteger(operand)) {
    const a = Long.fromValue(current instanceof Long ? current : numericValue(current)!);
    const b = Long.fromValue(operand instanceof Long ? operand : numericValue(operand)!);
    return operator === '$inc' ? a.add(b) : a.multiply(b);
  }
  const [a, b] = [numericValue(current)!, numericValue(operand)!];
  return operator === '$inc' ? a + b : a * b;
}

function compare(operator: '$max' | '$min', operand: unknown): LeafUpdate {
  return (slot) => {
    if (slot.present) {
      const order = compareValues(slot.value, operand);
      if (operator === '$max' ? order >= 0 : order <= 0) return false;
    }
    write(slot, cloneDocument(operand));
    return true;
  };
}

function set(operand: unknown, onInsertOnly: boolean): LeafUpdate {
  return (slot, context) => {
    if (onInsertOnly && !context.inserting) return false;
    // MongoDB keeps the stored value only when it is the same bytes: $set of -0 over 0 stores -0.
    if (slot.present && sameValue(slot.value, operand)) return false;
    write(slot, cloneDocument(operand));
    return true;
  };
}

const unset: LeafUpdate = (slot) => {
  if (!slot.present) return false;
  // An array keeps its length: the element becomes null.
  if (Array.isArray(slot.parent)) {
    if (slot.value === null) return false;
    slot.parent[slot.key as number] = null;
  } else {
    delete slot.parent[slot.key as string];
  }
  return true;
};

interface PushSpec {
  values: unknown[];
  position?: number;
  slice?: number;
  sort?: number | Document;
}

function parsePush(operand: unknown): PushSpec {
  if (!isPlainObject(operand) || !('$each' in operand)) return { values: [operand] };
  const spec: PushSpec = { values: [] };
  for (const [clause, value] of Object.entries(operand)) {
    if (clause === '$each') {
      if (!Array.isArray(value)) throw bad(`The argument to $each in $push must be an array but it was of type: ${typeName(value)}`);
      spec.values = value;
    } else if (clause === '$slice') {
      if (!isInteger(value)) throw bad(`The value for $slice must be an integer value but was given type: ${typeName(value)}`);
      spec.slice = numericValue(value);
    } else if (clause === '$position') {
      if (!isInteger(value)) throw bad(`The value for $position must be an integer value, not of type: ${typeName(value)}`);
      spec.position = numericValue(value);
    } else if (clause === '$sort') {
      const orders = isPlainObject(value) ? Object.values(value) : [value];
      if (isPlainObject(value) && orders.length === 0) throw bad('The $sort pattern is empty when it should be a set of fields.');
      if (!isPlainObject(value) && !isNumeric(value)) {
        throw bad('The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
      }
      if (orders.some((order) => numericValue(order) !== 1 && numericValue(order) !== -1)) throw bad('The $sort element value must be either 1 or -1');
      spec.sort = isPlainObject(value) ? value : numericValue(value);
    } else {
      throw bad(`Unrecognized clause in $push: ${clause}`);
    }
  }
  return spec;
}

function sortBy(sort: number | Document): (a: unknown, b: unknown) => number {
  if (typeof sort === 'number') return (a, b) => sort * compareValues(a, b);
  const fields = Object.entries(sort).map(([path, order]) => [path, numericValue(order)!] as const);
  const at = (item: unknown, path: string) => (isPlainObject(item) ? valueAt(item, path) : undefined);
  return (a, b) => {
    for (const [path, order] of fields) {
      const byField = compareValues(at(a, path), at(b, path));
      if (byField !== 0) return order * byField;
    }
    return 0;
  };
}

function push(operand: unknown): LeafUpdate {
  const spec = parsePush(operand);
  return (slot, context) => {
    if (slot.present && !Array.isArray(slot.value)) {
      throw bad(`The field '${slotPath(slot)}' must be an array but is of type ${typeName(slot.value)} in document ${idOf(context)}`);
    }
    const before = slot.present ? (slot.value as unknown[]) : [];
    const array = [...before];
    const values = cloneDocument(spec.values);
    const position = spec.position ?? array.length;
    const at = position < 0 ? Math.max(0, array.length + position) : Math.min(position, array.length);
    array.splice(at, 0, ...values);
    if (spec.sort !== undefined) array.sort(sortBy(spec.sort));
    if (spec.slice !== undefined && spec.slice >= 0) array.splice(spec.slice);
    else if (spec.slice !== undefined) array.splice(0, Math.max(0, array.length + spec.slice));
    if (slot.present && sameValue(array, before)) return false;
    write(slot, array);
    return true;
  };
}

function addToSet(operand: unknown): LeafUpdate {
  let values = [operand];
  if (isPlainObject(operand) && Object.keys(operand)[0] === '$each') {
    if (!Array.isArray(operand.$each)) {
      throw new CommandError(14, 'TypeMismatch', `The argument to $each in $addToSet must be an array but it was of type ${typeName(operand.$each)}`);
    }
    if (Object.keys(operand).length > 1) throw bad(`Found unexpected fields after $each in $addToSet: ${describeValue(operand)}`);
    values = operand.$each as unknown[];
  }
  const unique = values.filter((value, i) => values.findIndex((other) => compareValues(other, value) === 0) === i);
  return (slot) => {
    if (!slot.present) {
      write(slot, cloneDocument(unique));
      return true;
    }
    if (!Array.isArray(slot.value)) {
      throw bad(`Cannot apply $addToSet to non-array field. Field named '${lastName(slot)}' has non-array type ${typeName(slot.value)}`);
    }
    const existing = slot.value;
    const added = unique.filter((value) => !existing.some((item) => compareValues(item, value) === 0));
    if (added.length === 0) return false;
    existing.push(...cloneDocument(added));
    return true;
  };
}

function pullMatcher(operand: unknown): (item: unknown) => boolean {
  if (isPlainObject(operand)) {
    try {
      if (Object.keys(operand).some((key) => key.startsWith('$'))) {
        const query = new Query({ item: operand });
        return (item) => query.test({ item });
      }
      // A document condition matches the elements that are documents matching it as a query.
      const query = new Query(operand);
      return (item) => isPlainObject(item) && query.test(item);
    } catch (error) {
      throw bad((error as Error).message);
    }
  }
  return (item) => compareValues(item, operand) === 0;
}

function pull(matches: (item: unknown) => boolean): LeafUpdate {
  return (slot) => {
    if (!slot.present) return false;
    if (!Array.isArray(slot.value)) throw bad('Cannot apply $pull to a non-array value');
    const kept = slot.value.filter((item) => !matches(item));
    if (kept.length === slot.value.length) return false;
    write(slot, kept);
    return true;
  };
}

function pop(operand: unknown): LeafUpdate {
  if (!isNumeric(operand)) throw new CommandError(9, 'FailedToParse', `Expected a number in: ${describeValue(operand)}`);
  if (numericValue(operand) !== 1 && numericValue(operand) !== -1) {
    throw new CommandError(9, 'FailedToParse', `$pop expects 1 or -1, found: ${describeValue(operand)}`);
  }
  const fromFront = numericValue(operand) === -1;
  return (slot) => {
    if (!slot.present) return false;
    if (!Array.isArray(slot.value)) {
      throw new CommandError(14, 'TypeMismatch', `Path '${slotPath(slot)}' contains an element of non-array type '${typeName(slot.value)}'`);
    }
    if (slot.value.length === 0) return false;
    write(slot, fromFront ? slot.value.slice(1) : slot.value.slice(0, -1));
    return true;
  };
}

function currentDate(path: string, operand: unknown): LeafUpdate {
  let type: 'date' | 'timestamp' = 'date';
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== '$type' || (operand.$type !== 'date' && operand.$type !== 'timestamp')) {
      throw bad("The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}");
    }
    type = operand.$type;
  } else if (typeof operand !== 'boolean') {
    throw bad(`${describeElement(path, operand)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`);
  }
  return (slot, context) => {
    write(slot, type === 'date' ? new Date(context.now.getTime()) : Timestamp.fromBits(0, Math.floor(context.now.getTime() / 1000)));
    return true;
  };
}

function bit(operand: unknown): LeafUpdate {
  if (!isPlainObject(operand) || Object.keys(operand).length === 0) {
    throw bad(`The $bit modifier is not compatible with a ${typeName(operand)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`);
  }
  const steps = Object.entries(operand).map(([kind, mask]) => {
    if (kind !== 'and' && kind !== 'or' && kind !== 'xor') {
      throw bad(`The $bit modifier only supports 'and', 'or', and 'xor', not '${kind}' which is an unknown operator: {${describeElement(kind, mask)}}`);
    }
    if (!isInteger(mask)) throw bad(`The $bit modifier field must be an Integer(32/64 bit); a '${typeName(mask)}' is not supported here: {${describeElement(kind, mask)}}`);
    return [kind, BigInt(numericValue(mask)!)] as const;
  });
  return (slot, context) => {
    if (slot.present && !isInteger(slot.value)) {
      throw bad(`Cannot apply $bit to a value of non-integral type.${idOf(context)} has the field ${lastName(slot)} of non-integer type ${typeName(slot.value)}`);
    }
    let value = BigInt(slot.present ? numericValue(slot.value)! : 0);
    for (const [kind, mask] of steps) value = kind === 'and' ? value & mask : kind === 'or' ? value | mask : value ^ mask;
    const result = Number(BigInt.asIntN(64, value));
    if (slot.present && sameValue(result, slot.value)) return false;
    write(slot, result);
    return true;
  };
}

/**
 * Parses an operator's operand for the field at `path` into the update it makes, refusing operands
 * MongoDB refuses (a non-numeric `$inc`, a `$push` `$each` that is not an array, …).
 */
export function leafUpdate(operator: Operator, path: string, operand: unknown): LeafUpdate {
  switch (operator) {
    case '$set':
      return set(operand, false);
    case '$setOnInsert':
      return set(operand, true);
    case '$unset':
      return unset;
    case '$inc':
    case '$mul':
      return arithmetic(operator, path, operand);
    case '$max':
    case '$min':
      return compare(operator, operand);
    case '$push':
      return push(operand);
    case '$addToSet':
      return addToSet(operand);
    case '$pull':
      return pull(pullMatcher(operand));
    case '$pullAll':
      if (!Array.isArray(operand)) throw bad(`$pullAll requires an array argument but was given a ${typeName(operand)}`);
      return pull((item) => operand.some((value) => compareValues(item, value) === 0));
    case '$pop':
      return pop(operand);
    case '$currentDate':
      return currentDate(path, operand);
    case '$bit':
      return bit(operand);
    case '$rename':
      throw new Error('$rename is applied by the update engine');
  }
}

import { BSON, Long, type Document } from 'bson';
import { aggregate, find } from 'mingo';
import { Collection, type IndexSpec } from './collection.js';
import {
  deleteDocuments,
  distinctValues,
  findAndModify,
  insertDocuments,
  num,
  selectDocuments,
  updateDocuments,
} from './crud-commands.js';
import { CommandError } from './errors.js';
import { sameValue } from './values.js';

/** Limits announced in the handshake and enforced on the wire. */
export const LIMITS = {
  maxBsonObjectSize: 16 * 1024 * 1024,
  maxMessageSizeBytes: 48_000_000,
  maxWriteBatchSize: 100_000,
} as const;

const DEFAULT_BATCH = 101;
/** Keep a batch well under the BSON limit of the reply that carries it. */
const BATCH_BYTES = 8 * 1024 * 1024;

interface OpenCursor {
  namespace: string;
  documents: Document[];
  position: number;
}

type Handler = (command: Document, db: string) => Document;

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new CommandError(2, 'BadValue', `${field} must be a non-empty string`);
  return value;
}

/** The in-memory databases and the commands that act on them. */
export class Engine {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private readonly cursors = new Map<string, OpenCursor>();
  private nextCursor = 1n;
  private readonly handlers: Record<string, Handler>;

  constructor() {
    this.handlers = {
      hello: (command) => this.hello(command),
      ismaster: (command) => this.hello(command),
      ping: () => ({ ok: 1 }),
      buildinfo: () => ({
        version: '7.0.0',
        versionArray: [7, 0, 0, 0],
        gitVersion: 'embedded',
        bits: 64,
        maxBsonObjectSize: LIMITS.maxBsonObjectSize,
        ok: 1,
      }),
      endsessions: () => ({ ok: 1 }),
      listdatabases: () => ({
        databases: [...this.databases.keys()].map((name) => ({ name, sizeOnDisk: 0, empty: false })),
        totalSize: 0,
        ok: 1,
      }),
      insert: (command, db) => this.insert(command, db),
      find: (command, db) => this.find(command, db),
      getmore: (command) => this.getMore(command),
      killcursors: (command) => this.killCursors(command),
      update: (command, db) => updateDocuments(this.collection(db, command.update, true)!, command),
      delete: (command, db) => deleteDocuments(this.collection(db, command.delete, false), command),
      findandmodify: (command, db) => findAndModify(this.collection(db, command.findAndModify ?? command.findandmodify, true)!, command),
      aggregate: (command, db) => this.aggregate(command, db),
      count: (command, db) => ({ n: this.count(command, db), ok: 1 }),
      distinct: (command, db) => ({
        values: distinctValues(this.collection(db, command.distinct, false), str(command.key, 'key'), (command.query ?? {}) as Document),
        ok: 1,
      }),
      create: (command, db) => this.create(command, db),
      createindexes: (command, db) => this.createIndexes(command, db),
      listindexes: (command, db) => this.listIndexes(command, db),
      listcollections: (command, db) => this.listCollections(command, db),
      drop: (command, db) => this.drop(command, db),
      dropdatabase: (_command, db) => {
        this.databases.delete(db);
        return { dropped: db, ok: 1 };
      },
      dropindexes: (command, db) => this.dropIndexes(command, db),
    };
  }

  /** Runs one command against database `db`; failures come back as `{ ok: 0 }` replies, never thrown. */
  execute(command: Document, db: string, connectionId: number): Document {
    const name = Object.keys(command)[0] ?? '';
    const handler = this.handlers[name.toLowerCase()];
    if (!handler) {
      return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
    }
    try {
      const reply = handler(command, db);
      return name.toLowerCase() === 'hello' || name.toLowerCase() === 'ismaster' ? { ...reply, connectionId } : reply;
    } catch (error) {
      if (error instanceof CommandError) return error.toReply();
      return { ok: 0, errmsg: (error as Error).message ?? String(error), code: 1, codeName: 'InternalError' };
    }
  }

  private hello(command: Document): Document {
    return {
      ...(command.helloOk !== undefined || command.hello !== undefined ? { helloOk: true } : {}),
      isWritablePrimary: true,
      ismaster: true,
      ...LIMITS,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
      ok: 1,
    };
  }

  private collections(db: string): Map<string, Collection> {
    let collections = this.databases.get(db);
    if (!collections) {
      collections = new Map();
      this.databases.set(db, collections);
    }
    return collections;
  }

  private collection(db: string, name: unknown, create: boolean): Collection | undefined {
    const collectionName = str(name, 'collection name');
    const collections = this.collections(db);
    let collection = collections.get(collectionName);
    if (!collection && create) {
      collection = new Collection(`${db}.${collectionName}`);
      collections.set(collectionName, collection);
    }
    return collection;
  }

  private cursorReply(namespace: string, documents: Document[], batchSize: number, single: boolean, key: 'firstBatch' | 'nextBatch', id?: string): Document {
    const batch: Document[] = [];
    let bytes = 0;
    let position = 0;
    while (position < documents.length && batch.length < batchSize) {
      const size = BSON.calculateObjectSize(documents[position]!);
      if (batch.length > 0 && bytes + size > BATCH_BYTES) break;
      batch.push(documents[position]!);
      bytes += size;
      position += 1;
    }
    let cursorId = 0n;
    if (position < documents.length && !single) {
      const cursorKey = id ?? String(this.nextCursor++);
      this.cursors.set(cursorKey, { namespace, documents: documents.slice(position), position: 0 });
      cursorId = BigInt(cursorKey);
    } else if (id) {
      this.cursors.delete(id);
    }
    return { cursor: { id: Long.fromBigInt(cursorId), ns: namespace, [key]: batch }, ok: 1 };
  }

  private insert(command: Document, db: string): Document {
    return insertDocuments(this.collection(db, command.insert, true)!, command);
  }

  private find(command: Document, db: string): Document {
    const collection = this.collection(db, command.find, false);
    const documents = selectDocuments(collection, command, (command.filter ?? {}) as Document);
    const single = command.singleBatch === true || num(command.limit, 0) < 0;
    return this.cursorReply(`${db}.${String(command.find)}`, documents, num(command.batchSize, DEFAULT_BATCH) || DEFAULT_BATCH, single, 'firstBatch');
  }

  private getMore(command: Document): Document {
    const id = String(command.getMore instanceof Long ? command.getMore.toBigInt() : command.getMore);
    const cursor = this.cursors.get(id);
    if (!cursor) throw new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    const batchSize = num(command.batchSize, Number.MAX_SAFE_INTEGER) || Number.MAX_SAFE_INTEGER;
    return this.cursorReply(cursor.namespace, cursor.documents, batchSize, false, 'nextBatch', id);
  }

  private killCursors(command: Document): Document {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of (command.cursors ?? []) as Array<Long | number>) {
      const id = raw instanceof Long ? raw : Long.fromNumber(raw);
      (this.cursors.delete(String(id.toBigInt())) ? killed : notFound).push(id);
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  private aggregate(command: Document, db: string): Document {
    const pipeline = (command.pipeline ?? []) as Document[];
    const first = pipeline[0];
    const collection = typeof command.aggregate === 'string' ? this.collection(db, command.aggregate, false) : undefined;
    const source = collection ? collection.candidates((first?.$match ?? {}) as Document) : [];
    const documents = aggregate(source, pipeline, {
      collectionResolver: (name: string) => [...(this.collections(db).get(name)?.documents.values() ?? [])],
    }) as Document[];
    const batchSize = num((command.cursor as Document | undefined)?.batchSize, DEFAULT_BATCH) || DEFAULT_BATCH;
    return this.cursorReply(`${db}.${String(command.aggregate)}`, documents, batchSize, false, 'firstBatch');
  }

  private count(command: Document, db: string): number {
    const collection = this.collection(db, command.count, false);
    return selectDocuments(collection, { skip: command.skip, limit: command.limit }, (command.query ?? {}) as Document).length;
  }

  private create(command: Document, db: string): Document {
    const name = str(command.create, 'create');
    if (this.collections(db).has(name)) {
      throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${name} already exists.`);
    }
    this.collection(db, name, true);
    return { ok: 1 };
  }

  private createIndexes(command: Document, db: string): Document {
    const existed = this.collections(db).has(String(command.createIndexes));
    const collection = this.collection(db, command.createIndexes, true)!;
    const before = collection.indexCount;
    for (const spec of (command.indexes ?? []) as IndexSpec[]) {
      const name = spec.name || Object.entries(spec.key).map(([field, order]) => `${field}_${order}`).join('_');
      collection.addIndex({ ...spec, name });
    }
    return { createdCollectionAutomatically: !existed, numIndexesBefore: before, numIndexesAfter: collection.indexCount, ok: 1 };
  }

  private listIndexes(command: Document, db: string): Document {
    const collection = this.collection(db, command.listIndexes, false);
    if (!collection) throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${db}.${String(command.listIndexes)}`);
    const indexes = collection.indexSpecs().map((spec) => ({ v: 2, ...spec }));
    return this.cursorReply(`${db}.${String(command.listIndexes)}`, indexes, DEFAULT_BATCH, false, 'firstBatch');
  }

  private listCollections(command: Document, db: string): Document {
    const all = [...this.collections(db).keys()].map((name) =>
      command.nameOnly
        ? { name, type: 'collection' }
        : { name, type: 'collection', options: {}, info: { readOnly: false }, idIndex: { v: 2, key: { _id: 1 }, name: '_id_' } },
    );
    const documents = command.filter ? (find(all, command.filter as Document).all() as Document[]) : all;
    return this.cursorReply(`${db}.$cmd.listCollections`, documents, DEFAULT_BATCH, false, 'firstBatch');
  }

  private drop(command: Document, db: string): Document {
    const name = str(command.drop, 'drop');
    const collection = this.collections(db).get(name);
    if (!collection) throw new CommandError(26, 'NamespaceNotFound', 'ns not found');
    this.collections(db).delete(name);
    return { ns: `${db}.${name}`, nIndexesWas: collection.indexCount, ok: 1 };
  }

  private dropIndexes(command: Document, db: string): Document {
    const collection = this.collection(db, command.dropIndexes, false);
    if (!collection) throw new CommandError(26, 'NamespaceNotFound', `ns not found ${db}.${String(command.dropIndexes)}`);
    const before = collection.indexCount;
    const index = command.index;
    if (index === '*') {
      collection.dropIndexes();
    } else {
      const name =
        typeof index === 'string' ? index : collection.indexSpecs().find((spec) => sameValue(spec.key, index))?.name;
      if (!name || !collection.dropIndex(name)) {
        throw new CommandError(27, 'IndexNotFound', `index not found with name [${String(name ?? JSON.stringify(index))}]`);
      }
    }
    return { nIndexesWas: before, ok: 1 };
  }
}

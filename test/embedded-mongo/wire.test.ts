import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { BSON } from 'bson';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/server.js';

let server: EmbeddedMongo;

beforeAll(async () => {
  server = await startEmbeddedMongo();
});

afterAll(async () => {
  await server?.close();
});

/**
 * Sends raw bytes; resolves with the first whole reply, or when the server hangs up (`closed`),
 * or — with `untilClosed` — only once the server has hung up.
 */
async function exchange(bytes: Buffer, untilClosed = false): Promise<{ reply: Buffer; closed: boolean }> {
  const socket = createConnection(server.port, '127.0.0.1');
  await once(socket, 'connect');
  let received = Buffer.alloc(0);
  const result = new Promise<boolean>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!untilClosed && received.length >= 4 && received.length >= received.readInt32LE(0)) resolve(false);
    });
    socket.on('close', () => resolve(true));
  });
  socket.write(bytes);
  const closed = await result;
  socket.destroy();
  return { reply: received, closed };
}

function opMsg(body: object, requestId = 7): Buffer {
  const payload = BSON.serialize(body);
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, payload]);
}

function replyBody(reply: Buffer) {
  return BSON.deserialize(reply.subarray(21));
}

async function stillServes(): Promise<void> {
  const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 2000 });
  await client.db('alive').collection('c').insertOne({ ok: true });
  expect(await client.db('alive').collection('c').countDocuments()).toBeGreaterThan(0);
  await client.close();
}

describe('the wire protocol under bad input', () => {
  it('answers an unknown command with CommandNotFound', async () => {
    const { reply } = await exchange(opMsg({ frobnicate: 1, $db: 'x' }));
    expect(replyBody(reply)).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
    expect(reply.readInt32LE(8)).toBe(7);
  });

  it('answers a message it cannot parse, and hangs up on garbage and oversized headers', async () => {
    const unknownOp = Buffer.alloc(20);
    unknownOp.writeInt32LE(20, 0);
    unknownOp.writeInt32LE(9, 4);
    unknownOp.writeInt32LE(4242, 12);
    expect(replyBody((await exchange(unknownOp)).reply)).toMatchObject({ ok: 0, errmsg: 'unsupported opCode 4242' });

    const badBson = opMsg({ ping: 1 });
    badBson.writeInt32LE(9999, 21);
    expect(replyBody((await exchange(badBson)).reply)).toMatchObject({ ok: 0, code: 9 });

    const huge = Buffer.alloc(16);
    huge.writeInt32LE(100 * 1024 * 1024, 0);
    huge.writeInt32LE(11, 4);
    const oversized = await exchange(huge, true);
    expect(oversized.closed).toBe(true);

    const garbage = await exchange(Buffer.from([1, 0, 0, 0, 0xff, 0xfe, 0xfd, 0xfc]), true);
    expect(garbage.closed).toBe(true);
    await stillServes();
  });

  it('waits for a message split across packets, and reads two packed in one', async () => {
    const socket = createConnection(server.port, '127.0.0.1');
    await once(socket, 'connect');
    const replies: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => replies.push(chunk));
    const both = Buffer.concat([opMsg({ ping: 1, $db: 'a' }, 1), opMsg({ ping: 1, $db: 'a' }, 2)]);
    socket.write(both.subarray(0, 10));
    await new Promise((resolve) => setImmediate(resolve));
    socket.write(both.subarray(10));
    await new Promise<void>((resolve) => {
      const check = () => Buffer.concat(replies).length > 60 && resolve();
      socket.on('data', check);
    });
    const all = Buffer.concat(replies);
    const first = all.readInt32LE(0);
    expect([all.readInt32LE(8), all.readInt32LE(first + 8)]).toEqual([1, 2]);
    socket.destroy();
  });
});

describe('npm run embedded-mongo', () => {
  it('prints its URI, serves mongoose from another process, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/embedded-mongo/main.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const uri = line.toString().trim();
    expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const connection = await mongoose.createConnection(uri, { dbName: 'cli' }).asPromise();
    await connection.collection('notes').insertOne({ text: 'kept across bot restarts' });
    expect(await connection.collection('notes').findOne({}, { projection: { _id: 0 } })).toEqual({ text: 'kept across bot restarts' });
    await connection.close();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});

import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Engine, LIMITS } from './command-engine.js';
import { decodeMessage, encodeMsgReply, encodeOpReply, MORE_TO_COME, OP, takeMessages, WireError } from './wire.js';

/** A running embedded server. */
export interface EmbeddedMongo {
  /** `mongodb://127.0.0.1:PORT/` */
  uri: string;
  port: number;
  /** Stops listening and drops every client connection. */
  close(): Promise<void>;
}

export interface EmbeddedMongoOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
}

/**
 * Starts the in-memory, MongoDB-wire-compatible server on 127.0.0.1. It keeps everything in this
 * process's memory: nothing survives it.
 */
export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const engine = new Engine();
  const sockets = new Set<Socket>();
  let connections = 0;
  let replyId = 0;

  const server = createServer((socket) => {
    sockets.add(socket);
    const connectionId = ++connections;
    let pending: Buffer = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let messages: Buffer[];
      try {
        ({ messages, rest: pending } = takeMessages(pending, LIMITS.maxMessageSizeBytes));
      } catch (error) {
        // The stream cannot be re-synchronised after a bad length: answer if possible, then hang up.
        const requestId = error instanceof WireError ? error.requestId : undefined;
        if (requestId !== undefined) {
          socket.write(encodeMsgReply(++replyId, requestId, { ok: 0, errmsg: (error as Error).message, code: 10334, codeName: 'BSONObjectTooLarge' }));
        }
        socket.end();
        return;
      }
      for (const message of messages) {
        let request;
        try {
          request = decodeMessage(message);
        } catch (error) {
          const requestId = error instanceof WireError ? error.requestId : undefined;
          if (requestId === undefined) return void socket.destroy();
          socket.write(encodeMsgReply(++replyId, requestId, { ok: 0, errmsg: (error as Error).message, code: 9, codeName: 'FailedToParse' }));
          continue;
        }
        if (request.opCode === OP.query) {
          const db = request.collection.split('.')[0] ?? 'admin';
          socket.write(encodeOpReply(++replyId, request.requestId, engine.execute(request.command, db, connectionId)));
          continue;
        }
        const db = typeof request.command.$db === 'string' ? request.command.$db : 'admin';
        const reply = engine.execute(request.command, db, connectionId);
        if (!(request.flags & MORE_TO_COME)) socket.write(encodeMsgReply(++replyId, request.requestId, reply));
      }
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

import { createConnection } from 'node:net';
import { once } from 'node:events';
import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { subcommands } from '../../handlers/commands/registry.js';
import type { CommandRequest } from '../../handlers/commands/subcommand.js';
import { FLAG_KINDS, parseArguments, splitSubcommand } from '../../src/commands/arguments.js';
import { startEmbeddedMongo } from '../../src/embedded-mongo/server.js';
import { decodeMessage, takeMessages, WireError } from '../../src/embedded-mongo/wire.js';
import { UsageError } from '../../src/errors.js';

const now = new Date('2024-09-11T04:30:00Z');
const request: CommandRequest = {
  userId: 'U0ALICE',
  channelId: 'C0X',
  teamId: 'T0',
  triggerId: 't',
  commandText: '',
  receivedAt: now,
};

const words = fc.constantFrom('--next', '--at', '--internal', '--sev', '--here', '—at', '--', '45m', '01:20', 'UTC', 'Europe/Paris', '<@U1|a>', '@bob', 'done', '3', 'off', 'resolved');
const commandText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.array(fc.oneof(words, fc.string({ maxLength: 8 })), { maxLength: 12 }).map((parts) => parts.join(' ')),
);

describe('the command parser under random input', () => {
  it('either parses or refuses with a usage error, for every subcommand', () => {
    fc.assert(
      fc.property(fc.constantFrom(...subcommands), commandText, (subcommand, text) => {
        try {
          const parsed = parseArguments(text, subcommand.flags, now);
          for (const name of Object.keys(FLAG_KINDS)) {
            if (parsed.flags[name as keyof typeof FLAG_KINDS] !== undefined) expect(subcommand.flags).toContain(name);
          }
          subcommand.prepare(parsed, request);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('splits off the subcommand without losing text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const { name, rest } = splitSubcommand(text);
        expect(text.toLowerCase()).toContain(name);
        expect(text).toContain(rest);
      }),
    );
  });
});

describe('the embedded MongoDB message parser under random input', () => {
  const message = fc.uint8Array({ minLength: 0, maxLength: 200 }).map((bytes) => Buffer.from(bytes));
  const framed = fc.tuple(fc.constantFrom(2013, 2004, 1, 9999), fc.uint8Array({ maxLength: 120 })).map(([opCode, body]) => {
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + body.length, 0);
    header.writeInt32LE(5, 4);
    header.writeInt32LE(opCode, 12);
    return Buffer.concat([header, Buffer.from(body)]);
  });

  it('frames or refuses any bytes, and decodes or refuses any framed message, with a WireError only', () => {
    fc.assert(
      fc.property(fc.oneof(message, framed), (bytes) => {
        try {
          const { messages } = takeMessages(bytes, 48_000_000);
          for (const whole of messages) decodeMessage(whole);
        } catch (error) {
          if (!(error instanceof WireError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('stays up and keeps serving after a stream of random messages', async () => {
    const server = await startEmbeddedMongo();
    try {
      for (const bytes of fc.sample(fc.oneof(message, framed), 300)) {
        const socket = createConnection(server.port, '127.0.0.1');
        await once(socket, 'connect');
        socket.on('error', () => undefined);
        socket.resume();
        socket.end(bytes);
        await once(socket, 'close');
      }
      const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 2000 });
      await client.db('fuzz').collection('c').insertOne({ alive: true });
      expect(await client.db('fuzz').collection('c').countDocuments()).toBe(1);
      await client.close();
    } finally {
      await server.close();
    }
  }, 60_000);
});

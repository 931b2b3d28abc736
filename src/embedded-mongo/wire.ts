import { BSON, type Document } from 'bson';

/** Operation codes of the MongoDB wire protocol this server speaks. */
export const OP = { reply: 1, query: 2004, msg: 2013 } as const;

const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1;
/** OP_MSG flag: the sender expects no reply. */
export const MORE_TO_COME = 2;

/** A request as read off the socket. */
export type WireRequest =
  | { opCode: typeof OP.msg; requestId: number; flags: number; command: Document }
  | { opCode: typeof OP.query; requestId: number; collection: string; command: Document };

/** Thrown for a message that cannot be read; `requestId` is set when the header could be. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly requestId?: number,
  ) {
    super(message);
  }
}

function readCString(buffer: Buffer, offset: number): { value: string; next: number } {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new Error('unterminated string');
  return { value: buffer.toString('utf8', offset, end), next: end + 1 };
}

function readDocument(buffer: Buffer, offset: number, limit: number): { document: Document; next: number } {
  if (offset + 5 > limit) throw new Error('truncated document');
  const size = buffer.readInt32LE(offset);
  if (size < 5 || offset + size > limit) throw new Error('bad document size');
  return { document: BSON.deserialize(buffer.subarray(offset, offset + size)), next: offset + size };
}

/**
 * Splits a stream of bytes into whole messages. Returns the messages found and the bytes left over
 * (a message split across chunks waits for the rest).
 */
export function takeMessages(buffer: Buffer, maxMessageBytes: number): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 4) {
    const length = buffer.readInt32LE(offset);
    if (length < HEADER_BYTES || length > maxMessageBytes) {
      const requestId = buffer.length - offset >= 8 ? buffer.readInt32LE(offset + 4) : undefined;
      throw new WireError(`message length ${length} out of bounds`, requestId);
    }
    if (buffer.length - offset < length) break;
    messages.push(buffer.subarray(offset, offset + length));
    offset += length;
  }
  return { messages, rest: buffer.subarray(offset) };
}

/** Decodes one whole message: OP_MSG sections merge into one command; OP_QUERY carries the handshake. */
export function decodeMessage(message: Buffer): WireRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  try {
    if (opCode === OP.msg) {
      const flags = message.readUInt32LE(HEADER_BYTES);
      const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
      let offset = HEADER_BYTES + 4;
      let command: Document | undefined;
      const sequences: Array<[string, Document[]]> = [];
      while (offset < end) {
        const kind = message.readUInt8(offset);
        offset += 1;
        if (kind === 0) {
          const body = readDocument(message, offset, end);
          command = body.document;
          offset = body.next;
        } else if (kind === 1) {
          const size = message.readInt32LE(offset);
          const sectionEnd = offset + size;
          if (size < 5 || sectionEnd > end) throw new Error('bad document sequence size');
          const identifier = readCString(message, offset + 4);
          const documents: Document[] = [];
          let position = identifier.next;
          while (position < sectionEnd) {
            const item = readDocument(message, position, sectionEnd);
            documents.push(item.document);
            position = item.next;
          }
          sequences.push([identifier.value, documents]);
          offset = sectionEnd;
        } else {
          throw new Error(`unknown section kind ${kind}`);
        }
      }
      if (!command) throw new Error('no body section');
      for (const [identifier, documents] of sequences) command[identifier] = documents;
      return { opCode: OP.msg, requestId, flags, command };
    }
    if (opCode === OP.query) {
      const collection = readCString(message, HEADER_BYTES + 4);
      const query = readDocument(message, collection.next + 8, message.length);
      return { opCode: OP.query, requestId, collection: collection.value, command: query.document };
    }
  } catch (error) {
    throw new WireError(`malformed message: ${(error as Error).message}`, requestId);
  }
  throw new WireError(`unsupported opCode ${opCode}`, requestId);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(HEADER_BYTES);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

/** An OP_MSG reply: no flags, one body section. */
export function encodeMsgReply(requestId: number, responseTo: number, body: Document): Buffer {
  const payload = BSON.serialize(body);
  const length = HEADER_BYTES + 4 + 1 + payload.length;
  return Buffer.concat([header(length, requestId, responseTo, OP.msg), Buffer.alloc(5), payload]);
}

/** An OP_REPLY with one document, the answer to the OP_QUERY handshake. */
export function encodeOpReply(requestId: number, responseTo: number, body: Document): Buffer {
  const payload = BSON.serialize(body);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16); // numberReturned; flags, cursor id and startingFrom stay 0
  return Buffer.concat([header(HEADER_BYTES + 20 + payload.length, requestId, responseTo, OP.reply), fields, payload]);
}

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MethodHandler } from './methods.js';
import type { ApiCall, Recorder } from './recorder.js';
import { checkScopes } from './scopes.js';
import { SlackError, type WorkspaceState } from './state.js';

/** A fault to answer instead of the real result: an HTTP status (429 with Retry-After, 5xx) or a platform error. */
export type Fault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { error: string };

/** A call held on arrival until released, as a request slow to reach Slack: lets a test order calls. */
export interface Hold {
  /** Resolves when the held call has arrived (it is not answered yet). */
  arrived: Promise<void>;
  /** Lets the call through: it is answered from the workspace as it is then. */
  release(): void;
}

/** What the server dispatches to. */
export interface ServerParts {
  state: WorkspaceState;
  recorder: Recorder;
  methods: Record<string, MethodHandler>;
  botToken: string;
  /** The bot scopes the installed app holds. */
  scopes: readonly string[];
}

/** The arguments the client JSON-stringifies in a form; anything else (`text` too) stays a string. */
const JSON_ARGUMENTS = new Set(['blocks', 'view', 'files', 'attachments', 'metadata']);

function parseValue(key: string, value: string): unknown {
  if (JSON_ARGUMENTS.has(key) && /^[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The file's bytes from an upload: the body itself, or its file part when it is posted as a multipart form. */
async function uploadedBytes(body: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()].find((value) => typeof value !== 'string');
  return typeof part === 'object' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
}

/**
 * The workspace's HTTP side on loopback: the Web API under `/api/<method>` (token, injected faults,
 * scopes, then the method), `response_url`s under `/response/<id>` and file uploads under `/upload/<id>`.
 */
export class WorkspaceServer {
  private server: Server | undefined;
  private base = '';
  private readonly faults = new Map<string, Fault[]>();
  private readonly holds = new Map<string, Array<{ arrive: () => void; released: Promise<void> }>>();

  constructor(private readonly parts: ServerParts) {}

  get baseUrl(): string {
    return this.base;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      });
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  fail(method: string, fault: Fault, times: number): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  hold(method: string): Hold {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(method, [...(this.holds.get(method) ?? []), { arrive, released }]);
    return { arrived, release };
  }

  clearFaults(method?: string): void {
    if (method) this.faults.delete(method);
    else this.faults.clear();
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    const body = await readBody(request);
    if (request.method === 'POST' && url.pathname.startsWith('/api/')) {
      return this.handleApi(url.pathname.slice('/api/'.length), request, body, response);
    }
    if (request.method === 'POST' && url.pathname.startsWith('/response/')) {
      const post = { id: url.pathname.slice('/response/'.length), body: JSON.parse(body.toString('utf8')), at: new Date() };
      this.parts.recorder.recordResponse(post);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (request.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const file = this.parts.state.files.get(url.pathname.slice('/upload/'.length));
      if (!file) return void response.writeHead(404).end();
      file.content = await uploadedBytes(body, request.headers['content-type']);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${body.length}`);
      return;
    }
    response.writeHead(404).end();
  }

  private async handleApi(method: string, request: IncomingMessage, raw: Buffer, response: ServerResponse): Promise<void> {
    const hold = this.holds.get(method)?.shift();
    if (hold) {
      hold.arrive();
      await hold.released;
    }
    const type = request.headers['content-type'] ?? '';
    const args: Record<string, unknown> = {};
    if (type.startsWith('application/json')) {
      Object.assign(args, JSON.parse(raw.toString('utf8') || '{}'));
    } else {
      for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = parseValue(key, value);
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? (args.token as string | undefined);
    delete args.token;

    const fault = this.faults.get(method)?.shift();
    let status = 200;
    let result: Record<string, unknown>;
    if (fault && 'status' in fault) {
      status = fault.status;
      result = { ok: false, error: status === 429 ? 'ratelimited' : 'internal_error' };
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(fault.status === 429 ? { 'retry-after': String(fault.retryAfter) } : {}),
      });
    } else {
      result = this.answer(method, args, token, fault);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    }
    response.end(JSON.stringify(result));
    const call: ApiCall = { method, args, token, at: new Date(), result, status };
    this.parts.recorder.recordCall(call);
  }

  private answer(method: string, args: Record<string, unknown>, token: string | undefined, fault: Fault | undefined): Record<string, unknown> {
    if (token !== this.parts.botToken) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    if (fault && 'error' in fault) return { ok: false, error: fault.error };
    const handler = this.parts.methods[method];
    if (!handler) return { ok: false, error: 'unknown_method' };
    try {
      checkScopes(method, args, this.parts.scopes, this.parts.state);
      return { ok: true, ...handler(args) };
    } catch (error) {
      if (error instanceof SlackError) return { ok: false, error: error.code, ...error.extra };
      throw error;
    }
  }
}

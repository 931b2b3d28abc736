import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackRequestSender, signature } from '../../src/local-slack/signed-requests.js';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';

/** What an app received: the raw body and its headers. */
interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

let slack: LocalSlack;
let app: Server;
let sender: SlackRequestSender;
let received: Received[] = [];
let ackBody = '';

beforeAll(async () => {
  slack = await startLocalSlack({ payloadLog: false });
  slack.addChannel('ops', [], 'C0OPS');
  app = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ body, headers: request.headers });
      response.writeHead(200, { 'content-type': 'application/json' }).end(ackBody);
    });
  });
  app.listen(0, '127.0.0.1');
  await once(app, 'listening');
  sender = new SlackRequestSender(`http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`, 'secret', slack);
});

afterAll(async () => {
  app?.close();
  await slack?.close();
});

const last = () => received.at(-1)!;
const form = () => new URLSearchParams(last().body);
const eventOf = () => (JSON.parse(last().body) as { event: Record<string, unknown> }).event;

describe('requests sent to the app as Slack sends them', () => {
  it('sends a typed command in Slack’s wire format, signed', async () => {
    received = [];
    await sender.command('update Handing over to @bob in #ops; see https://grafana.example/d/1 & logs <prod>', { channel: 'C0OPS' });
    expect(form().get('text')).toBe('update Handing over to <@U0BOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1> &amp; logs &lt;prod&gt;');
    const stamp = Number(last().headers['x-slack-request-timestamp']);
    expect(last().headers['x-slack-signature']).toBe(signature('secret', stamp, last().body));
  });

  it('sends a wire-format command exactly as given', async () => {
    const wire = 'update Handing over to <@UBOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1|dashboard> &amp; logs &lt;prod&gt;';
    await sender.command(wire, { wire: true });
    expect(form().get('text')).toBe(wire);
  });

  it('sends message events with ids alone, and edits with the text before and after', async () => {
    await sender.event({ type: 'message', channel: 'C0OPS', user: 'U0ALICE', text: 'ask @bob & @oncall', ts: '1.000001' });
    expect(eventOf().text).toBe('ask <@U0BOB> &amp; <!subteam^S0ONCALL|@oncall>');

    const message = slack.postAsUser('C0OPS', 'U0BOB', 'error rate 5% <warn>');
    await sender.messageEdited(message, 'error rate 50% & climbing, cc @carol');
    const edit = eventOf() as { subtype: string; message: { text: string }; previous_message: { text: string } };
    expect(edit.subtype).toBe('message_changed');
    expect(edit.previous_message.text).toBe('error rate 5% &lt;warn&gt;');
    expect(edit.message.text).toBe('error rate 50% &amp; climbing, cc <@U0CAROL>');
    expect(slack.channelMessages('C0OPS').at(-1)!.text).toBe('error rate 50% &amp; climbing, cc <@U0CAROL>');

    await sender.messagePosted(message);
    expect(eventOf()).toMatchObject({ type: 'message', ts: message.ts, text: 'error rate 50% &amp; climbing, cc <@U0CAROL>' });
    await sender.messageDeleted(message);
    expect(eventOf()).toMatchObject({ subtype: 'message_deleted', deleted_ts: message.ts });
    expect(slack.channelMessages('C0OPS')).not.toContain(message);
  });

  it('sends interactions untouched: modal values are raw text in Slack too', async () => {
    const values = { summary: { summary: { type: 'plain_text_input', value: 'a & <b> @bob' } } };
    await sender.interaction({ type: 'view_submission', view: { state: { values } } });
    const payload = JSON.parse(form().get('payload')!) as { view: { state: { values: unknown } } };
    expect(payload.view.state.values).toEqual(values);
  });

  it('records the app’s answer to a command as what Slack shows, notifications included', async () => {
    ackBody = JSON.stringify({ text: 'Recorded for <!here>' });
    await sender.command('help');
    ackBody = '';
    expect(slack.takeNotifications().map((n) => [n.via, n.token])).toEqual([['ack', '<!here>']]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_USER_GROUPS, DEFAULT_USERS, WorkspaceState } from '../../src/local-slack/state.js';
import { encodeTyped } from '../../src/local-slack/wire-text.js';

const state = new WorkspaceState('T0LOCAL', 'U0INCIDENTBOT', DEFAULT_USERS, DEFAULT_USER_GROUPS);
state.addChannel('ops', [], 'C0OPS');
const command = (typed: string) => encodeTyped(typed, state, 'command');
const event = (typed: string) => encodeTyped(typed, state, 'event');

describe('typed text as Slack sends it to the app', () => {
  it('escapes &, < and > and turns people, channels and links into tokens', () => {
    expect(command('Handing over to @bob in #ops; see https://grafana.example/d/1 & logs <prod>')).toBe(
      'Handing over to <@U0BOB|bob> in <#C0OPS|ops>; see <https://grafana.example/d/1> &amp; logs &lt;prod&gt;',
    );
  });

  it('labels people in slash commands and gives their id alone in message events', () => {
    expect(command('ping @carol')).toBe('ping <@U0CAROL|carol>');
    expect(event('ping @carol')).toBe('ping <@U0CAROL>');
  });

  it('turns @channel, @here, @everyone and user groups into the tokens that notify', () => {
    expect(command('@channel @here @everyone @oncall')).toBe('<!channel> <!here> <!everyone> <!subteam^S0ONCALL|@oncall>');
    expect(event('cc @sre')).toBe('cc <!subteam^S0SRE|@sre>');
  });

  it('leaves names nobody has, and literal markup, as typed text', () => {
    expect(command('@ghost in #nowhere')).toBe('@ghost in #nowhere');
    expect(command('<@U0BOB|bob> <!channel>')).toBe('&lt;@U0BOB|bob&gt; &lt;!channel&gt;');
    expect(command('a &amp; b')).toBe('a &amp;amp; b');
    expect(command('<https://evil.example|click>')).toBe('&lt;<https://evil.example>|click&gt;');
  });

  it('ends mentions and links before the punctuation that closes a sentence', () => {
    expect(command('thanks @bob.')).toBe('thanks <@U0BOB|bob>.');
    expect(command('(see https://status.example/a).')).toBe('(see <https://status.example/a>).');
    expect(command('https://en.wikipedia.example/wiki/Foo_(bar), ok')).toBe('<https://en.wikipedia.example/wiki/Foo_(bar)>, ok');
  });

  it('escapes & inside a link, and links e-mail addresses without mistaking them for mentions', () => {
    expect(command('https://grafana.example/d?a=1&b=2')).toBe('<https://grafana.example/d?a=1&amp;b=2>');
    expect(command('mail ops@bob.example')).toBe('mail <mailto:ops@bob.example|ops@bob.example>');
  });

  it('encodes a megabyte typed without a space (Slack accepts command text that long)', () => {
    const huge = `${'a'.repeat(1024 * 1024)}@bob`;
    expect(command(huge)).toBe(huge);
    expect(command(`${'a'.repeat(1024 * 1024)} @bob`)).toBe(`${'a'.repeat(1024 * 1024)} <@U0BOB|bob>`);
  });

  it('never leaves a bare &, < or > outside a token, whatever is typed', () => {
    const typed = fc.string({ unit: fc.constantFrom('a', ' ', '&', '<', '>', '@', '#', 'bob', 'ops', 'here', 'https://x.example/', '.', ';', 'amp') });
    fc.assert(
      fc.property(typed, (text) => {
        const outside = command(text).replace(/<(?:[@#!]|https?:|mailto:)[^<>]*>/g, '');
        expect(outside).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }),
    );
  });

  it('gives back exactly what was typed once entities are decoded, when nothing in it is a token', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '&', '<', '>', ';', 'amp', 'lt', '\n', 'é', '🔥') });
    fc.assert(
      fc.property(plain, (text) => {
        const decoded = command(text).replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name]!);
        expect(decoded).toBe(text);
      }),
    );
  });
});

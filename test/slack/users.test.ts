import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSlack, type LocalSlack } from '../../src/local-slack/workspace.js';
import { displayNames, NameCache, resolveMention } from '../../src/slack/users.js';

let slack: LocalSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await startLocalSlack();
  client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});

afterAll(async () => {
  await slack?.close();
});

const lookups = () => slack.callsTo('users.info').length;

describe('displayNames', () => {
  it('asks Slack once per person for a draft with many entries, and not at all for a second draft soon after', async () => {
    let now = 0;
    const cache = new NameCache({ now: () => now });
    const authors = Array.from(
      { length: 200 },
      (_, i) => ['U0ALICE', 'U0BOB', 'U0CAROL', 'U0DAVE', 'U0MANAGER'][i % 5]!,
    );
    const before = lookups();

    const [first, concurrent] = await Promise.all([
      displayNames(client, authors, cache),
      displayNames(client, authors, cache),
    ]);
    expect(first).toEqual({
      U0ALICE: 'Alice Martin',
      U0BOB: 'Bob Keller',
      U0CAROL: 'Carol Rossi',
      U0DAVE: 'Dave Schmidt',
      U0MANAGER: 'Maria Manager',
    });
    expect(concurrent).toEqual(first);
    expect(lookups() - before).toBe(5);

    now += 9 * 60_000;
    expect(await displayNames(client, authors, cache)).toEqual(first);
    expect(lookups() - before).toBe(5);

    now += 2 * 60_000;
    await displayNames(client, ['U0BOB'], cache);
    expect(lookups() - before).toBe(6);
  });

  it('keeps a cache per client when none is given', async () => {
    const own = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const before = lookups();
    await displayNames(own, ['U0DAVE']);
    expect(await displayNames(own, ['U0DAVE'])).toEqual({ U0DAVE: 'Dave Schmidt' });
    expect(lookups() - before).toBe(1);
  });

  it('keeps an id Slack cannot name as the id, and asks again next time', async () => {
    const cache = new NameCache();
    const before = lookups();
    expect(await displayNames(client, ['U0NOBODY'], cache)).toEqual({ U0NOBODY: 'U0NOBODY' });
    expect(await displayNames(client, ['U0NOBODY'], cache)).toEqual({ U0NOBODY: 'U0NOBODY' });
    expect(lookups() - before).toBe(2);
  });

  it('forgets the oldest names past its bound', async () => {
    const cache = new NameCache({ maxEntries: 2 });
    const before = lookups();
    await displayNames(client, ['U0ALICE'], cache);
    await displayNames(client, ['U0BOB'], cache);
    await displayNames(client, ['U0CAROL'], cache);
    await displayNames(client, ['U0BOB', 'U0CAROL'], cache);
    expect(lookups() - before).toBe(3);
    await displayNames(client, ['U0ALICE'], cache);
    expect(lookups() - before).toBe(4);
  });
});

describe('resolveMention', () => {
  it('reads a mention as Slack sends it', async () => {
    expect(await resolveMention(client, '<@U0BOB|bob>')).toBe('U0BOB');
  });

  it('quotes what it could not read without letting a broadcast in it notify anyone', async () => {
    await expect(resolveMention(client, '<!channel>')).rejects.toThrow(
      'I can’t tell who `@\u2060channel` is. Type @ and pick the person from Slack’s list',
    );
  });
});

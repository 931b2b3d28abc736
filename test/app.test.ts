import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestBot, type TestBot } from './support/harness.js';

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot();
});

afterAll(async () => {
  await t?.close();
});

describe('the Bolt app over HTTP', () => {
  it('answers /healthz, and /readyz while MongoDB and Redis answer', async () => {
    const health = await fetch(`${t.bot.url}/healthz`);
    expect(health.status).toBe(200);
    // Ready once its first rebuild of the reminder queue is done, a moment after start (503 until then).
    const ready = await vi.waitFor(
      async () => {
        const response = await fetch(`${t.bot.url}/readyz`);
        expect(response.status).toBe(200);
        return response;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(await ready.json()).toMatchObject({ status: 'ready', mongodb: true, redis: true });
  });

  it('answers a signed /incident help with the usage list, in the ack, ephemerally', async () => {
    const response = await t.sender.command('help');
    expect(response.status).toBe(200);
    expect(response.json?.response_type).toBe('ephemeral');
    const text = JSON.stringify(response.json?.blocks);
    expect(text).toContain('/incident help');
    expect(response.elapsedMs).toBeLessThan(3000);
  });

  it('answers an empty /incident with the help too', async () => {
    const response = await t.sender.command('');
    expect(JSON.stringify(response.json?.blocks)).toContain('/incident help');
  });

  it('answers an unknown subcommand with the usage list and records nothing', async () => {
    const before = t.slack.calls.length;
    const response = await t.sender.command('frobnicate the database');
    expect(response.status).toBe(200);
    expect(response.json?.text).toMatch(/^Unknown subcommand `frobnicate`/);
    expect(JSON.stringify(response.json?.blocks)).toContain('/incident help');
    expect(t.slack.calls.slice(before).filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a forged signature and a stale timestamp', async () => {
    const forged = await t.sender.command('help', { signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await t.sender.command('help', { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(401);
  });

  it('refuses a signed but malformed body and an unknown path', async () => {
    const malformed = await t.sender.send('{"type": "event_callback",', 'application/json');
    expect(malformed.status).toBe(400);
    const unknown = await fetch(`${t.bot.url}/nope`);
    expect(unknown.status).toBe(404);
  });

  it('answers Slack’s URL verification challenge', async () => {
    const response = await t.sender.send(
      JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }),
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(response.text).toContain('c-123');
  });
});

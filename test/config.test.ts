import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cadenceForSeverity, parseConfig } from '../src/config.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-123-abc', SLACK_SIGNING_SECRET: 'secret' };

function problems(env: Record<string, string>): string[] {
  const result = parseConfig(env);
  return result.ok ? [] : result.problems;
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const result = parseConfig(base);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      mongodbUri: undefined,
      updateIntervalMs: 30 * 60_000,
      escalationGraceMs: 15 * 60_000,
      actionReminderIntervalMs: 7 * 24 * 3600_000,
      reconcileIntervalMs: 60_000,
      workerConcurrency: 50,
      managerUserIds: [],
      secondaryTimezone: 'America/Los_Angeles',
      postmortemLocale: 'en',
      timelineReaction: 'pushpin',
    });
    expect(Object.isFrozen(result.config)).toBe(true);
  });

  it('reports every bad or missing value on its own line, naming the variable and the value', () => {
    expect(
      problems({ PORT: 'abc', UPDATE_INTERVAL: '30 minutes', POSTMORTEM_LOCALE: 'es', SECONDARY_TIMEZONE: 'Mars/Base' }),
    ).toEqual([
      'SLACK_BOT_TOKEN: required, but not set',
      'PORT: expected a port number, got "abc"',
      'UPDATE_INTERVAL: expected a duration such as 90s, 30m or 1h30m, got "30 minutes"',
      'SECONDARY_TIMEZONE: expected an IANA time zone such as America/Los_Angeles, got "Mars/Base"',
      'POSTMORTEM_LOCALE: expected one of en, fr, de, it, got "es"',
      'SLACK_SIGNING_SECRET: required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    ]);
  });

  it('refuses ports out of range, bad tokens, bad URLs and bad user ids', () => {
    expect(
      problems({
        ...base,
        PORT: '70000',
        SLACK_BOT_TOKEN: 'xoxp-user-token',
        MONGODB_URI: 'http://db',
        MANAGER_USER_IDS: 'U123,bob',
      }),
    ).toEqual([
      'SLACK_BOT_TOKEN: expected a token starting with xoxb-, got "xoxp-user-token"',
      'PORT: expected a port number, got "70000"',
      'MONGODB_URI: expected a mongodb or mongodb+srv URL, got "http://db"',
      'MANAGER_USER_IDS: expected a comma-separated list of Slack user ids (U…/W…), got "U123,bob"',
    ]);
  });

  it('needs a signing secret only in HTTP mode, and a real MongoDB in production', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problems({ ...base, NODE_ENV: 'production' })).toEqual([
      'MONGODB_URI: required when NODE_ENV=production (the embedded MongoDB keeps nothing)',
    ]);
    expect(problems({ ...base, NODE_ENV: 'production', MONGODB_URI: 'mongodb://db:27017/incidents' })).toEqual([]);
  });

  it('reads how often an overdue remediation item is reminded about, in days and weeks too', () => {
    const result = parseConfig({ ...base, ACTION_REMINDER_INTERVAL: '3d' });
    expect(result.ok && result.config.actionReminderIntervalMs).toBe(3 * 24 * 3600_000);
    expect(problems({ ...base, ACTION_REMINDER_INTERVAL: 'weekly' })).toEqual([
      'ACTION_REMINDER_INTERVAL: expected a duration such as 90s, 30m or 1h30m, got "weekly"',
    ]);
  });

  it('reads the reconciliation interval and the worker concurrency, and refuses a concurrency out of range', () => {
    const result = parseConfig({ ...base, RECONCILE_INTERVAL: '4s', WORKER_CONCURRENCY: '200' });
    expect(result.ok && [result.config.reconcileIntervalMs, result.config.workerConcurrency]).toEqual([4_000, 200]);
    expect(problems({ ...base, WORKER_CONCURRENCY: '0' })).toEqual(['WORKER_CONCURRENCY: expected a number of jobs from 1 to 1000, got "0"']);
  });

  it('treats empty variables as unset', () => {
    const result = parseConfig({ ...base, PORT: '', MONGODB_URI: '  ' });
    expect(result.ok && result.config.port).toBe(3000);
    expect(result.ok && result.config.mongodbUri).toBeUndefined();
  });

  it('reads per-severity cadences, with off turning reminders off', () => {
    const result = parseConfig({ ...base, UPDATE_INTERVAL: '45m', UPDATE_INTERVALS: 'sev1=15m, sev2=1h30m,sev4=off' });
    if (!result.ok) throw new Error(result.problems.join());
    expect(cadenceForSeverity(result.config, 1)).toBe(15 * 60_000);
    expect(cadenceForSeverity(result.config, 2)).toBe(90 * 60_000);
    expect(cadenceForSeverity(result.config, 3)).toBe(45 * 60_000);
    expect(cadenceForSeverity(result.config, 4)).toBeNull();
    expect(problems({ ...base, UPDATE_INTERVALS: 'sev5=10m' })).toEqual([
      'UPDATE_INTERVALS: expected a list such as sev1=15m,sev2=30m,sev4=off, got "sev5=10m"',
    ]);
  });

  it('accepts the reaction with or without colons', () => {
    const result = parseConfig({ ...base, TIMELINE_REACTION: ':round_pushpin:' });
    expect(result.ok && result.config.timelineReaction).toBe('round_pushpin');
  });

  describe('the postmortem template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-template-'));
    const file = (name: string, yaml: string) => {
      const path = join(dir, name);
      writeFileSync(path, yaml);
      return path;
    };

    it('uses the standard layout without a template', () => {
      const result = parseConfig(base);
      expect(result.ok && result.config.postmortemTemplate).toEqual({
        timelineOrder: 'oldest-first',
        stamp: 'full',
        zoneLabel: 'abbreviation',
        headings: {},
        states: {},
        moreInfo: {},
      });
    });

    it('loads POSTMORTEM_TEMPLATE at start', () => {
      const path = file('house.yml', 'timelineOrder: newest-first\nstates:\n  de: { done: Fertig }\n');
      const result = parseConfig({ ...base, POSTMORTEM_TEMPLATE: path });
      expect(result.ok && result.config.postmortemTemplate).toMatchObject({
        timelineOrder: 'newest-first',
        states: { de: { done: 'Fertig' } },
      });
    });

    it('reports each problem of the file on its own line, beside the other settings’ problems', () => {
      const path = file('bad.yml', 'stamp: date\nheadings:\n  fr: { sumary: SOMMAIRE }\n');
      expect(problems({ ...base, PORT: 'abc', POSTMORTEM_TEMPLATE: path })).toEqual([
        'PORT: expected a port number, got "abc"',
        `POSTMORTEM_TEMPLATE: ${path}:1:8: stamp: expected one of full, time, got "date"`,
        `POSTMORTEM_TEMPLATE: ${path}:3:17: headings.fr.sumary: unknown key (expected one of summary, timeline, ` +
          'rootCause, resolution, remediation, remark, moreInfo, keyFigures, appendix)',
      ]);
      expect(problems({ ...base, POSTMORTEM_TEMPLATE: join(dir, 'nowhere.yml') })).toEqual([
        `POSTMORTEM_TEMPLATE: ${join(dir, 'nowhere.yml')}: cannot read it (ENOENT)`,
      ]);
    });

    it('applies POSTMORTEM_MORE_INFO to the configured locale only', () => {
      const result = parseConfig({
        ...base,
        POSTMORTEM_LOCALE: 'de',
        POSTMORTEM_MORE_INFO: 'Den aktuellen Status finden Sie unter https://status.example.com.',
        POSTMORTEM_TEMPLATE: file('fr.yml', 'moreInfo:\n  fr: Consultez https://status.example.com.\n'),
      });
      expect(result.ok && result.config.postmortemTemplate.moreInfo).toEqual({
        fr: 'Consultez https://status.example.com.',
        de: 'Den aktuellen Status finden Sie unter https://status.example.com.',
      });
    });

    it('refuses the closing text of one locale set in both places', () => {
      expect(
        problems({
          ...base,
          POSTMORTEM_LOCALE: 'fr',
          POSTMORTEM_MORE_INFO: 'For more, see our status page.',
          POSTMORTEM_TEMPLATE: file('both.yml', 'moreInfo:\n  fr: Consultez notre page de statut.\n'),
        }),
      ).toEqual(['POSTMORTEM_MORE_INFO: POSTMORTEM_TEMPLATE already sets moreInfo.fr: keep one of them']);
    });
  });
});

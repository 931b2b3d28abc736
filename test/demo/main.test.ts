import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRedis } from '../../src/demo/redis.js';
import { redisAnswers } from '../../src/redis.js';
import { freePort, spawnChild, type Child } from '../support/processes.js';

/** Runs `npm run demo` as a newcomer would, with nothing answering at REDIS_URL so it starts its own. */
async function startDemo(): Promise<Child & { out: string; redisPort: number }> {
  const out = mkdtempSync(join(tmpdir(), 'demo-'));
  const redisPort = await freePort();
  const child = spawnChild(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', '--out', out, '--locale', 'de'], {
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    HOME: process.env.HOME,
  });
  return { ...child, out, redisPort };
}

/** The Redis the demo started for itself, read from its header. */
function startedRedis(stdout: string): string | undefined {
  return /Redis: +(redis:\/\/\S+) \(started for the demo/.exec(stdout)?.[1];
}

async function untilOutput(child: Child, pattern: RegExp): Promise<void> {
  while (!pattern.test(child.output().stdout)) {
    if (child.child.exitCode !== null) throw new Error(`the demo exited early:\n${child.output().stderr}`);
    await new Promise((resolve) => child.child.stdout!.once('data', resolve));
  }
}

describe('npm run demo', () => {
  it('plays the bundled scenario on its own Redis, prints the reminder and the manager ping, writes the drafts, and leaves nothing running', async () => {
    const demo = await startDemo();
    const code = await demo.exited;
    const { stdout, stderr } = demo.output();
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/:alarm_clock: @alice — no public update/);
    expect(stdout).toMatch(/── DM → maria ─+\n\d\d:\d\d:\d\d {2}Incident Timeline +:rotating_light:/);
    // After the postmortem, bob's remediation item falls due and he is asked about it by DM.
    expect(stdout).toMatch(/── DM → bob ─+\n\d\d:\d\d:\d\d {2}Incident Timeline +:clipboard: Remediation item 1 of incident #1 is due /);
    expect(stdout).toContain('[Done] [Snooze 1 week] [Reassign to… ▾]');
    const drafts = [...stdout.matchAll(/^ {2}(\S+\.md)$/gm)].map((match) => match[1]!);
    expect(drafts.map((path) => /-(?:en|de)(?:-customers)?\.md$/.exec(path)?.[0])).toEqual(['-en.md', '-en-customers.md', '-de.md']);
    for (const path of drafts) expect(existsSync(path) || existsSync(join(process.cwd(), path))).toBe(true);
    const english = readFileSync(join(demo.out, drafts[0]!.split('/').pop()!), 'utf8');
    expect(english).toMatch(/^### \d+ \w+ \d{4} \d\d:\d\d UTC \| \d+ \w+ \d{4} \d\d:\d\d P[SD]T$/m);
    const customers = readFileSync(join(demo.out, drafts[1]!.split('/').pop()!), 'utf8');
    expect(customers).toContain('We are investigating failed card payments at checkout.');
    expect(customers).not.toContain('## Internal appendix');
    expect(stdout).toMatch(/── DM → carol ─+\n(?:.*\n)*? +\[file: postmortem-inc-\d{8}-card-payments-fail-at-checkout-en-customers\.md\]$/m);
    // Nothing answered at REDIS_URL, so the demo started a Redis of its own on a free port, and stopped it.
    const redis = startedRedis(stdout);
    expect(redis).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await redisAnswers(redis!)).toBe(false);
    expect(await redisAnswers(`redis://127.0.0.1:${demo.redisPort}`)).toBe(false);
  }, 90_000);

  it('stops cleanly on Ctrl-C, its Redis with it', async () => {
    const demo = await startDemo();
    await untilOutput(demo, /── #inc-/);
    const redis = startedRedis(demo.output().stdout)!;
    expect(await redisAnswers(redis)).toBe(true);
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(130);
    expect(demo.output().stderr).toContain('SIGINT: stopping the demo');
    expect(await redisAnswers(redis)).toBe(false);
  }, 60_000);
});

describe('the demo’s Redis', () => {
  it('uses a Redis that answers, and says how to get one when none answers and none can be started', async () => {
    const existing = await ensureRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    expect(existing.started).toBe(false);
    await existing.stop();
    expect(await redisAnswers(existing.url)).toBe(true);

    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), 'empty-path-'));
    try {
      const port = await freePort();
      await expect(ensureRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(
        `Nothing answers at redis://127.0.0.1:${port} and redis-server is not installed: install it`,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

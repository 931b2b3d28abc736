import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPayloads, payloadFiles } from '../../src/local-slack/conformance.js';
import { PAYLOADS_DIR_ENV } from '../../src/local-slack/payload-log.js';

/**
 * Vitest global setup: every local workspace of the run writes what the bot sent (Web API calls,
 * response_url posts, acks) to one folder; at the end Slack's own Block Kit models check all of it in
 * one python3 run, and any problem fails the run (vitest ignores a teardown that throws, not the exit code).
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'local-slack-payloads-'));
  process.env[PAYLOADS_DIR_ENV] = dir;
  return () => {
    const files = payloadFiles(dir);
    try {
      const { problems, report } = checkPayloads(files);
      if (problems === 0) {
        const payloads = files.reduce((sum, file) => sum + readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 0);
        process.stdout.write(`\nBlock Kit conformance (Slack's SDK models): ${payloads} payloads, 0 problems\n`);
        rmSync(dir, { recursive: true, force: true });
        return;
      }
      process.stderr.write(`\nBlock Kit conformance FAILED: Slack's SDK models found ${problems} problems.\n${report}\nPayloads kept in ${dir}\n`);
    } catch (error) {
      process.stderr.write(`\nBlock Kit conformance could not run: ${(error as Error).message}\n`);
    }
    process.exitCode = 1;
  };
}

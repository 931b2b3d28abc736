import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Overrides where Slack's Block Kit checker is (by default `../shared/slack-blockkit` beside the project). */
export const CHECKER_DIR_ENV = 'SLACK_BLOCKKIT_DIR';

/** What Slack's Python SDK made of the payloads: the number of problems and its whole report. */
export interface ConformanceReport {
  problems: number;
  report: string;
}

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The checker's folder: `check_blocks.py` and the SDK models under `pysdk/`. */
export function checkerDir(): string {
  return resolve(process.env[CHECKER_DIR_ENV]?.trim() || join(PROJECT_ROOT, '..', 'shared', 'slack-blockkit'));
}

/** Every `.jsonl` file under a folder written by a payload log. */
export function payloadFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .map((file) => join(dir, file));
}

/**
 * Holds recorded payloads to Slack's own Block Kit models (`check_blocks.py`, one python3 run).
 * Throws when the checker cannot run: a check that did not happen must not pass.
 */
export function checkPayloads(files: readonly string[]): ConformanceReport {
  const dir = checkerDir();
  const script = join(dir, 'check_blocks.py');
  if (!existsSync(script)) {
    throw new Error(`Slack's Block Kit checker is not at ${script}: put the shared folder beside the project or set ${CHECKER_DIR_ENV}`);
  }
  const run = spawnSync('python3', [script, ...files], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: join(dir, 'pysdk') },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new Error(`python3 could not run the Block Kit checker: ${run.error.message}`);
  const found = /^== problems (\d+)$/m.exec(run.stdout);
  if (run.status !== 0 || !found) throw new Error(`the Block Kit checker failed (exit ${run.status}):\n${run.stderr || run.stdout}`);
  return { problems: Number(found[1]), report: run.stdout };
}

// `node --import tsx src/local-slack/conformance.ts <folder or .jsonl files…>`: checks a demo's or a run's payloads.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2);
  if (targets.length === 0) {
    process.stderr.write('usage: node --import tsx src/local-slack/conformance.ts <payload folder | file.jsonl …>\n');
    process.exit(2);
  }
  const files = targets.flatMap((target) => (target.endsWith('.jsonl') ? [target] : payloadFiles(target)));
  const { problems, report } = checkPayloads(files);
  process.stdout.write(report);
  process.exit(problems > 0 ? 1 : 0);
}

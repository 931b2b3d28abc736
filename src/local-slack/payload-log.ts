import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Set to a directory: every workspace of the process writes what the bot sent there, as JSON lines. */
export const PAYLOADS_DIR_ENV = 'LOCAL_SLACK_PAYLOADS_DIR';
/** Names the sub-directory the records go to (the test file, the demo), shown by the checker. */
export const PAYLOADS_LABEL_ENV = 'LOCAL_SLACK_PAYLOADS_LABEL';

/** One payload the bot sent, in the input format of Slack's Block Kit checker (`check_blocks.py`). */
export type PayloadRecord =
  | { kind: 'api'; method: string; args: Record<string, unknown> }
  | { kind: 'response_url'; body: Record<string, unknown> }
  | { kind: 'ack'; text: string };

/** Appends payloads to `<dir>/<label>/<pid>.jsonl`: one file per process, so parallel writers never interleave. */
export class PayloadLog {
  private readonly made = new Set<string>();

  constructor(
    readonly dir: string,
    private readonly label: () => string = () => process.env[PAYLOADS_LABEL_ENV] || 'local-slack',
  ) {}

  append(record: PayloadRecord): void {
    const folder = join(this.dir, this.label().replace(/[^\w.-]+/g, '~'));
    if (!this.made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.made.add(folder);
    }
    appendFileSync(join(folder, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`);
  }
}

/** The log named by `LOCAL_SLACK_PAYLOADS_DIR`, or none. */
export function payloadLogFromEnv(): PayloadLog | undefined {
  const dir = process.env[PAYLOADS_DIR_ENV]?.trim();
  return dir ? new PayloadLog(dir) : undefined;
}

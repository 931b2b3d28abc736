import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/embedded-mongo/server.js';

// MongoDB's unified CRUD spec tests (a copy and a runner beside the repository, in
// ../shared/mongodb-spec), played against the embedded server for the commands the bot's mongoose
// models send: insert (create), find (find, findOne, findById), findAndModify (findOneAndUpdate with
// upsert and array filters), update (updateOne, updateMany), delete, aggregate (countDocuments) and count.
const FILES = [
  'insertOne.json',
  'insertMany.json',
  'find.json',
  'findOne.json',
  'findOneAndUpdate.json',
  'findOneAndUpdate-arrayFilters.json',
  'updateOne.json',
  'updateOne-arrayFilters.json',
  'updateOne-validation.json',
  'updateMany.json',
  'updateMany-arrayFilters.json',
  'updateMany-validation.json',
  'deleteOne.json',
  'deleteMany.json',
  'aggregate.json',
  'count.json',
  'count-empty.json',
  'countDocuments-comment.json',
];

// The runner skips what a 7.0 standalone cannot be asked: other versions' behaviour and fail points.
const ACCEPTED_SKIP = /ServerVersion|fail point/;

interface SpecResult {
  file: string;
  test: string;
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
  failures?: Array<{ why: string }>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const runner = path.resolve(root, '../shared/mongodb-spec/runner.mjs');
let server: EmbeddedMongo;
let scratch: string;
let results: SpecResult[];

beforeAll(async () => {
  if (!existsSync(runner)) throw new Error(`MongoDB's spec tests and their runner are expected at ${runner}`);
  server = await startEmbeddedMongo();
  scratch = await mkdtemp(path.join(tmpdir(), 'crud-spec-'));
  const out = path.join(scratch, 'results.json');
  await promisify(execFile)(process.execPath, [runner, '--uri', server.uri, '--out', out, ...FILES], {
    cwd: root,
    env: { ...process.env, PROJECT_DIR: root },
  });
  results = JSON.parse(await readFile(out, 'utf8')) as SpecResult[];
});

afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("MongoDB's CRUD spec tests", () => {
  it.each(FILES)('%s passes', (file) => {
    const ran = results.filter((result) => result.file === file);
    const failed = ran.filter((result) => result.status === 'fail').map((result) => `${result.test}: ${result.failures?.[0]?.why}`);
    expect(failed).toEqual([]);
    const skipped = ran.filter((result) => result.status === 'skip' && !ACCEPTED_SKIP.test(result.reason ?? ''));
    expect(skipped.map((result) => `${result.test}: ${result.reason}`)).toEqual([]);
    expect(ran.filter((result) => result.status === 'pass').length).toBeGreaterThan(0);
  });
});

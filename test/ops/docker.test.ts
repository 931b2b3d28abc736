import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { parseDuration } from '../../src/time/duration.js';

// Docker does not run where the tests run: these read the files as Docker and Compose would.

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped, split into stages. */
function dockerfileStages(text: string): Array<{ name: string; from: string; instructions: Instruction[] }> {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Array<{ name: string; from: string; instructions: Instruction[] }> = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** An exec-form argument list (`["node", …]`), or undefined for the shell form. */
function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  return JSON.parse(args) as string[];
}

const stages = dockerfileStages(readFileSync('Dockerfile', 'utf8'));
const runtime = stages.at(-1)!;
const find = (keyword: string) =>
  runtime.instructions.filter((instruction) => instruction.keyword === keyword);
const runs = (stage: (typeof stages)[number]) =>
  stage.instructions
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args)
    .join('\n');
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

/** The folders `npm start` loads code from. */
const SOURCE_FOLDERS = ['src', 'handlers', 'models', 'jobs'];

describe('Dockerfile', () => {
  it('builds in stages: a type-checked build, production dependencies, a runtime that takes both', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    for (const stage of stages) {
      expect(stage.name, `FROM ${stage.from} needs AS <name>`).not.toBe('');
      expect(stage.from).toMatch(/^(node:20\b|\$\{NODE_IMAGE\})/);
    }
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^ARG NODE_IMAGE=node:20[\w.-]*-slim$/m);

    const build = stages.find((stage) => /npm run typecheck/.test(runs(stage)))!;
    expect(build, 'a stage runs the type check').toBeDefined();
    expect(runs(build)).toMatch(/npm ci\b/);
    const deps = stages.find((stage) => /npm ci\b[^\n]*--omit=dev/.test(runs(stage)))!;
    expect(deps, 'a stage installs production dependencies only').toBeDefined();

    const copies = find('COPY').map((copy) => copy.args);
    expect(copies).toContain(`--from=${deps.name} /app/node_modules ./node_modules`);
    // Sources come from the build stage, so BuildKit cannot skip the type check.
    for (const folder of SOURCE_FOLDERS)
      expect(copies).toContain(`--from=${build.name} /app/${folder} ./${folder}`);
    expect(runs(runtime)).not.toMatch(/npm (ci|install)/);
  });

  it('copies only what exists and every folder the server loads', () => {
    for (const stage of stages) {
      for (const copy of stage.instructions.filter(
        (i) => i.keyword === 'COPY' && !i.args.startsWith('--from'),
      )) {
        const sources = copy.args
          .split(/\s+/)
          .filter((word) => !word.startsWith('--'))
          .slice(0, -1);
        for (const source of sources) expect(existsSync(source), `COPY ${source}`).toBe(true);
      }
    }
    const ignored = readFileSync('.dockerignore', 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', '.env']));
    for (const needed of [...SOURCE_FOLDERS, 'package.json', 'package-lock.json', 'tsconfig.json'])
      expect(ignored).not.toContain(needed);
  });

  it('runs node directly, as a non-root user, in production mode', () => {
    const users = find('USER');
    expect(users).toHaveLength(1);
    expect(users[0]!.args).not.toMatch(/^(root|0)(:|$)/);
    const userAt = runtime.instructions.indexOf(users[0]!);
    const entrypoint = find('ENTRYPOINT');
    expect(entrypoint).toHaveLength(1);
    expect(runtime.instructions.indexOf(entrypoint[0]!)).toBeGreaterThan(userAt);

    // Exec form with node first: node is the process that receives SIGTERM, no shell in between.
    const command = execForm(entrypoint[0]!.args);
    expect(command, 'ENTRYPOINT in exec form').toBeDefined();
    expect(command![0]).toBe('node');
    expect(command!.join(' ')).toBe(packageJson.scripts.start);
    const cmd = execForm(find('CMD')[0]!.args);
    expect(cmd).toEqual(['--role', 'all']);
    expect(readFileSync('Dockerfile', 'utf8')).not.toMatch(/sh -c|npm start/);
    expect(find('STOPSIGNAL').map((i) => i.args)).toEqual(['SIGTERM']);
    expect(
      find('ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/NODE_ENV=production/);
  });

  it('exposes the port the bot listens on and checks /healthz there', () => {
    const parsed = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' });
    const port = parsed.ok ? parsed.config.port : undefined;
    expect(find('EXPOSE').map((i) => i.args)).toEqual([String(port)]);
    expect(
      find('ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(new RegExp(`PORT=${port}\\b`));

    const [healthcheck] = find('HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const [, options = '', form = ''] = /^(.*?)\s*CMD\s+(\[.*\])$/.exec(healthcheck!.args) ?? [];
    const probe = execForm(form);
    expect(probe, 'HEALTHCHECK CMD in exec form').toBeDefined();
    expect(probe![0]).toBe('node');
    expect(probe!.join(' ')).toContain('/healthz');
    expect(probe!.join(' ')).toContain('process.env.PORT');
    expect(options).toMatch(/--interval=\d+s/);
    expect(options).toMatch(/--timeout=\d+s/);
  });
});

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[]; interval?: string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  init?: boolean;
  stop_grace_period?: string;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const { mongo, redis, web, worker } = compose.services;

/** Compose's interpolation: `${X:?message}` takes the sample value, `${X:-default}` the default. */
function interpolate(
  environment: Record<string, string>,
  samples: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      value.replace(
        /\$\{(\w+)(?::([?-])([^}]*))?\}/g,
        (_match, name: string, kind?: string, rest?: string) =>
          samples[name] ?? (kind === '-' ? (rest ?? '') : ''),
      ),
    ]),
  );
}

describe('docker-compose.yml', () => {
  it('has MongoDB, Redis, and the bot as separate web and worker services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['mongo', 'redis', 'web', 'worker']);
    expect(web!.command).toEqual(['--role', 'web']);
    expect(worker!.command).toEqual(['--role', 'worker']);
    for (const bot of [web!, worker!]) {
      expect(bot.build).toBe('.');
      expect(bot.init).toBe(true);
      expect(bot.depends_on).toEqual({
        mongo: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      // The image's HEALTHCHECK on /healthz applies: Compose must not turn it off.
      expect(bot.healthcheck?.disable).not.toBe(true);
      // Longer than the bot's own shutdown (10 s drain, 5 s for the queues).
      expect(parseDuration(bot.stop_grace_period ?? '10s')!).toBeGreaterThan(15_000);
    }
    // Only the web service takes Slack's requests; workers scale without port clashes.
    expect(web!.ports).toEqual(['3000:3000']);
    expect(worker!.ports).toBeUndefined();
  });

  it('runs MongoDB as a single-node replica set that it initiates itself, and the bot connects to that set', () => {
    const command = mongo!.command!.join(' ');
    const replicaSet = /--replSet (\S+)/.exec(command)?.[1];
    expect(replicaSet).toBe('rs0');
    const check = mongo!.healthcheck!.test.join(' ');
    expect(check).toContain('mongosh');
    expect(check).toContain(
      `rs.initiate({ _id: '${replicaSet}', members: [{ _id: 0, host: 'mongo:27017' }] })`,
    );
    expect(check).toContain('isWritablePrimary');

    const uri = new URL(web!.environment!.MONGODB_URI!);
    expect(uri.protocol).toBe('mongodb:');
    expect(uri.host).toBe('mongo:27017');
    expect(uri.searchParams.get('replicaSet')).toBe(replicaSet);
    expect(worker!.environment!.MONGODB_URI).toBe(web!.environment!.MONGODB_URI);
  });

  it('runs Redis with noeviction and an append-only file, and the bot connects to it', () => {
    const command = redis!.command!.join(' ');
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    expect(command).toMatch(/--appendonly yes\b/);
    expect(redis!.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(new URL(web!.environment!.REDIS_URL!).host).toBe('redis:6379');
  });

  it('keeps the data in named volumes', () => {
    expect(mongo!.volumes).toEqual(
      expect.arrayContaining(['mongo-data:/data/db', 'mongo-config:/data/configdb']),
    );
    expect(redis!.volumes).toEqual(['redis-data:/data']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['mongo-config', 'mongo-data', 'redis-data']);
  });

  it('gives the bot an environment its own configuration accepts, with the Slack secrets required from outside', () => {
    for (const bot of [web!, worker!]) {
      const environment = bot.environment!;
      expect(environment.SLACK_BOT_TOKEN).toMatch(/^\$\{SLACK_BOT_TOKEN:\?/);
      expect(environment.SLACK_SIGNING_SECRET).toMatch(/^\$\{SLACK_SIGNING_SECRET:\?/);
      const result = parseConfig(
        interpolate(environment, { SLACK_BOT_TOKEN: 'xoxb-compose', SLACK_SIGNING_SECRET: 'compose-secret' }),
      );
      expect(result.ok ? [] : result.problems).toEqual([]);
      if (result.ok) {
        expect(result.config.production).toBe(true);
        expect(result.config.port).toBe(3000);
      }
    }
  });
});

import { relative } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';
import { PAYLOADS_LABEL_ENV } from '../../src/local-slack/payload-log.js';
import { localSlacks } from '../../src/local-slack/workspace.js';
import { assertNoNotifications } from './notifications.js';

// Runs before every test file: the payloads its workspaces record are labelled with the file's name,
// and a test during which the bot sent a live broadcast or user-group mention fails. A test that
// means to inspect them takes them first (`slack.takeNotifications()`).
process.env[PAYLOADS_LABEL_ENV] = relative(process.cwd(), expect.getState().testPath ?? 'unknown');

afterEach(() => assertNoNotifications(localSlacks()));
afterAll(() => assertNoNotifications(localSlacks()));

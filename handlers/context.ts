import type { Context } from '@slack/bolt';
import type { AppDeps } from '../src/app-deps.js';

/** What every listener receives besides its payload: the request's context, which carries the dependencies. */
export interface ListenerContext {
  context: Context;
}

/** The dependencies the app's `authorize` put in every request's context (`src/app.ts`). */
export function depsOf(context: Context): AppDeps {
  const deps = context.deps as AppDeps | undefined;
  if (!deps) throw new Error('listener called without the dependencies in its context');
  return deps;
}

import type { App, Context } from '@slack/bolt';
import type { AppDeps } from '../src/app-deps.js';

/** What every listener receives besides its payload: the request's context, which carries the dependencies. */
export interface ListenerContext {
  context: Context;
}

/** Puts the process's dependencies in every request's context, so listeners are plain named functions. */
export function provideDeps(app: App, deps: AppDeps): void {
  app.use(async ({ context, next }) => {
    context.deps = deps;
    await next();
  });
}

/** The dependencies `provideDeps` put in the context. */
export function depsOf(context: Context): AppDeps {
  const deps = context.deps as AppDeps | undefined;
  if (!deps) throw new Error('listener called without the dependencies in its context');
  return deps;
}

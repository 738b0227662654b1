/** Set by server.ts when it begins to shut down: readiness answers 503 so load balancers stop sending. */
const state = ((globalThis as unknown as { tollgateLifecycle?: { draining: boolean } }).tollgateLifecycle ??= { draining: false });

export function draining() {
  return state.draining;
}

export function startDraining() {
  state.draining = true;
}

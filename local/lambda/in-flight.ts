/**
 * The invocations an invoker has running, and a wait until none is: a local cloud that stops lets
 * the handlers in flight finish against live services instead of pulling the store from under them.
 */
export function createInFlight() {
  const running = new Set<Promise<unknown>>();
  return {
    track<T>(invocation: Promise<T>): Promise<T> {
      running.add(invocation);
      const forget = () => running.delete(invocation);
      invocation.then(forget, forget);
      return invocation;
    },
    /** Waits until no invocation is running, or `timeoutMs` passes. */
    async drain(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      // Handlers start others (a step publishes, SNS delivers): wait until none is left.
      while (running.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...running]), new Promise((resolveWait) => (timer = setTimeout(resolveWait, deadline - Date.now())))]);
        clearTimeout(timer);
      }
    },
  };
}

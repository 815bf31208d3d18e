/**
 * Waits `ms`, or less when `signal` aborts first; never rejects, so the caller decides what an abort means
 * (a deadline error, a refusal). The timer and the listener are released either way.
 */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

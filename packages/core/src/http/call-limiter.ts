import { deadlineExceeded } from '../pipeline/deadline.js';

/**
 * At most this many upstream calls of one request run at once; the rest wait their turn. Eight lets a view
 * of six or seven interaction types (HubSpot's, Zoho's) fetch every type in one round, and still bounds what
 * one request can make a vendor do at once.
 */
export const MAX_CALLS_PER_REQUEST = 8;
/** A sensible cap for one integration (every request to it together); the gateway makes one limiter each. */
export const DEFAULT_CALLS_PER_INTEGRATION = 16;

/**
 * Lets at most `maxInFlight` tasks run at once; the others wait in arrival order. A waiting task whose
 * signal aborts (its request's deadline passed or the request ended) leaves the queue and never starts.
 */
export interface CallLimiter {
  run<T>(signal: AbortSignal, task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

export function createCallLimiter(maxInFlight: number): CallLimiter {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new RangeError('maxInFlight must be a positive integer');
  }
  let active = 0;
  const queue: (() => void)[] = [];

  const release = () => {
    active -= 1;
    const next = queue.shift();
    if (next) next();
  };

  const acquire = (signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return Promise.reject(deadlineExceeded());
    if (active < maxInFlight) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const start = () => {
        signal.removeEventListener('abort', onAbort);
        active += 1;
        resolve();
      };
      const onAbort = () => {
        const index = queue.indexOf(start);
        if (index !== -1) queue.splice(index, 1);
        reject(deadlineExceeded());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      queue.push(start);
    });
  };

  return {
    async run(signal, task) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** Runs `task` holding a slot of every limiter, taken in order (the request's own first). */
export function runLimited<T>(
  limiters: readonly CallLimiter[],
  signal: AbortSignal,
  task: () => Promise<T>,
): Promise<T> {
  const [first, ...rest] = limiters;
  if (!first) return task();
  return first.run(signal, () => runLimited(rest, signal, task));
}

import { BridgeError } from '../errors.js';

export const DEFAULT_DEADLINE_MS = 8_000;

export interface Deadline {
  /** Epoch milliseconds. */
  at: number;
  /** Aborts when the deadline passes or the caller's own signal aborts. */
  signal: AbortSignal;
  /**
   * Ends the operation: stops the timer, lets go of the caller's signal, and aborts the signal so that
   * every call the operation started (in flight, retrying, waiting for a slot) stops now.
   */
  release(): void;
}

/**
 * A deadline for one operation. A plain timer, cleared by `release()`: a finished request must not keep a
 * timer (and everything its signal's listeners hold) alive until the deadline would have passed. Released,
 * its signal aborts: an ended operation leaves nothing running behind it.
 */
/**
 * Why a released operation's signal aborts. One shared reason: an abort without one builds a DOMException,
 * stack and all, at the end of every request, and nothing reads the reason (callers check `aborted`).
 */
const OPERATION_ENDED = new DOMException('The operation ended', 'AbortError');

export function startDeadline(deadlineMs: number, callerSignal?: AbortSignal): Deadline {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, deadlineMs);
  timer.unref?.();
  if (callerSignal?.aborted) abort();
  else callerSignal?.addEventListener('abort', abort, { once: true });
  return {
    at: Date.now() + deadlineMs,
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', abort);
      controller.abort(OPERATION_ENDED);
    },
  };
}

export function deadlineExceeded(): BridgeError {
  return new BridgeError('deadline_exceeded', 'The external service did not answer before the deadline');
}

/**
 * Settles with `work`, or rejects with `deadline_exceeded` as soon as the signal aborts, so that a
 * connector that forgets to pass the signal along still cannot hold the answer past its deadline.
 * An abort-caused rejection from `work` itself is reported as the deadline too.
 */
export function withinDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // Once the deadline wins, whatever `work` does later must not surface as an unhandled rejection.
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(deadlineExceeded());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadlineExceeded());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted && !BridgeError.isInstance(error) ? deadlineExceeded() : error);
      },
    );
  });
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../errors.js';
import { DEFAULT_DEADLINE_MS, deadlineExceeded, startDeadline, withinDeadline } from './deadline.js';

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('deadlineExceeded', () => {
  it('is a deadline_exceeded BridgeError', () => {
    const error = deadlineExceeded();
    expect(BridgeError.isInstance(error)).toBe(true);
    expect(error.code).toBe('deadline_exceeded');
    expect(error.message).not.toBe('');
  });
});

describe('startDeadline', () => {
  it('defaults to eight seconds', () => {
    expect(DEFAULT_DEADLINE_MS).toBe(8_000);
  });

  it('computes the epoch time of the deadline', () => {
    const before = Date.now();
    const deadline = startDeadline(5_000);
    const after = Date.now();
    expect(deadline.at).toBeGreaterThanOrEqual(before + 5_000);
    expect(deadline.at).toBeLessThanOrEqual(after + 5_000);
    expect(deadline.signal.aborted).toBe(false);
  });

  it('aborts when the deadline passes', async () => {
    const deadline = startDeadline(20);
    await new Promise<void>((resolve) =>
      deadline.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    expect(deadline.signal.aborted).toBe(true);
  });

  it("aborts when the caller's signal aborts", () => {
    const caller = new AbortController();
    const deadline = startDeadline(60_000, caller.signal);
    expect(deadline.signal.aborted).toBe(false);
    caller.abort();
    expect(deadline.signal.aborted).toBe(true);
  });

  it("starts aborted when the caller's signal already is", () => {
    expect(startDeadline(60_000, AbortSignal.abort()).signal.aborted).toBe(true);
  });
});

describe('withinDeadline', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => {
    unhandled.push(reason);
  };
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    unhandled.length = 0;
  });

  it('settles with the work when it finishes in time', async () => {
    const controller = new AbortController();
    await expect(withinDeadline(Promise.resolve(42), controller.signal)).resolves.toBe(42);
  });

  it('passes a failure of the work through while the deadline has not passed', async () => {
    const controller = new AbortController();
    const failure = new Error('boom');
    await expect(withinDeadline(Promise.reject(failure), controller.signal)).rejects.toBe(failure);
    const bridge = new BridgeError('upstream_unavailable', 'down');
    await expect(withinDeadline(Promise.reject(bridge), controller.signal)).rejects.toBe(bridge);
  });

  it('rejects with deadline_exceeded as soon as the signal aborts, even if the work never settles', async () => {
    const controller = new AbortController();
    const pending = withinDeadline(new Promise(() => {}), controller.signal);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(BridgeError.isInstance(error)).toBe(true);
    expect((error as BridgeError).code).toBe('deadline_exceeded');
  });

  it('rejects with deadline_exceeded when the signal is already aborted', async () => {
    const error = await rejectionOf(withinDeadline(Promise.resolve('late'), AbortSignal.abort()));
    expect((error as BridgeError).code).toBe('deadline_exceeded');
  });

  it('reports an abort error from the work as the deadline', async () => {
    const controller = new AbortController();
    const work = new Promise((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason));
    });
    const pending = withinDeadline(work, controller.signal);
    controller.abort();
    expect(((await rejectionOf(pending)) as BridgeError).code).toBe('deadline_exceeded');
  });

  it('stops listening to the signal once the work settles', async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    await withinDeadline(Promise.resolve(1), controller.signal);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('leaves no unhandled rejection when the work fails after the deadline has won', async () => {
    process.on('unhandledRejection', onUnhandled);
    let failWork!: (error: Error) => void;
    const work = new Promise<never>((_resolve, reject) => {
      failWork = reject;
    });
    const controller = new AbortController();
    const pending = withinDeadline(work, controller.signal);
    controller.abort();
    expect(((await rejectionOf(pending)) as BridgeError).code).toBe('deadline_exceeded');
    failWork(new Error('late failure'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  it('leaves no unhandled rejection when the signal was aborted before the work failed', async () => {
    process.on('unhandledRejection', onUnhandled);
    const work = Promise.reject(new Error('aborted early'));
    expect(((await rejectionOf(withinDeadline(work, AbortSignal.abort()))) as BridgeError).code).toBe(
      'deadline_exceeded',
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });
});

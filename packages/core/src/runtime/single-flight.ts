/**
 * Shares one run of identical work that is in flight at the same time: the first caller starts it, later
 * callers with the same key get the same promise until it settles. Nothing is kept after it settles
 * (that is the contact cache's job), so the map holds at most the work currently running.
 */
export class SingleFlight {
  readonly #inFlight = new Map<string, Promise<unknown>>();

  /** Runs `work` unless work under `key` is already running; `onJoin` is told when a caller joins one. */
  run<T>(key: string, work: () => Promise<T>, onJoin?: () => void): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) {
      onJoin?.();
      return running as Promise<T>;
    }
    const shared = Promise.resolve()
      .then(work)
      .finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, shared);
    return shared;
  }

  /** How many distinct pieces of work are running now. */
  get size(): number {
    return this.#inFlight.size;
  }
}

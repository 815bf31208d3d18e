import type { UpstreamCallEvent } from '@talkbridge/core';

/** Totals for one integration, endpoint and outcome. */
export interface UpstreamCallTotals {
  integration: string;
  connector: string;
  method: string;
  endpoint: string;
  status: UpstreamCallEvent['status'];
  calls: number;
  attempts: number;
  totalDurationMs: number;
  maxDurationMs: number;
}

/**
 * Every upstream call the gateway's connectors made, summed per integration, endpoint template and
 * status: the raw material for metrics (templates carry no ids or secrets, so the key space stays small).
 */
export class UpstreamCallStats {
  readonly #totals = new Map<string, UpstreamCallTotals>();

  record(integration: string, event: UpstreamCallEvent): void {
    const key = [integration, event.method, event.endpoint, event.status].join('\u0000');
    const totals = this.#totals.get(key) ?? {
      integration,
      connector: event.connector,
      method: event.method,
      endpoint: event.endpoint,
      status: event.status,
      calls: 0,
      attempts: 0,
      totalDurationMs: 0,
      maxDurationMs: 0,
    };
    totals.calls += 1;
    totals.attempts += event.attempts;
    totals.totalDurationMs += event.durationMs;
    totals.maxDurationMs = Math.max(totals.maxDurationMs, event.durationMs);
    this.#totals.set(key, totals);
  }

  snapshot(): UpstreamCallTotals[] {
    return [...this.#totals.values()].map((totals) => ({ ...totals }));
  }
}

import {
  BridgeError,
  createMemoryRuntimeState,
  type PipelineOptions,
  type RuntimeStateEvent,
} from '@talkbridge/core';
import { type FakeUpstream, HttpResponse, http } from './fake-upstream.js';

/** One retrieval of a spent-budget scenario: its label and the auth it runs with. */
export interface SpentBudgetStep {
  label: string;
  auth: unknown;
}

export interface SpentBudgetScenario {
  /** The vendor's fake; its first answer is replaced by the refusal, every later one is its own. */
  upstream: FakeUpstream;
  /** The vendor's 429 saying the budget is spent: its remaining count (0) and reset headers. */
  refusal: { headers: Record<string, string>; body?: unknown };
  /** Runs one retrieval (the connector's pipeline) with this auth and these options added to its own. */
  retrieve: (auth: unknown, options: PipelineOptions) => Promise<unknown>;
  /** The first step is refused by the vendor (and not retried); the others run after it, in order. */
  steps: readonly [SpentBudgetStep, ...SpentBudgetStep[]];
}

export interface SpentBudgetRun {
  /**
   * Per step, in order: `call METHOD /path` for each request the fake saw and `<event type> <budget>` for
   * the runtime state's budget events (`budget_learned general`, `budget_wait general`).
   */
  timelines: Record<string, string[]>;
  events: RuntimeStateEvent[];
  /** What each step ended with: `ok`, or its BridgeError code. */
  outcomes: Record<string, string>;
}

/**
 * Runs retrievals one after the other on one in-memory runtime state, the first answered with the vendor's
 * "budget spent" 429: tells what each later one did before its first call (waited, was refused, or went).
 */
export async function runAfterSpentBudget(scenario: SpentBudgetScenario): Promise<SpentBudgetRun> {
  const events: RuntimeStateEvent[] = [];
  let timeline: string[] = [];
  const runtimeState = createMemoryRuntimeState({
    onEvent: (event) => {
      events.push(event);
      if ('budget' in event) timeline.push(`${event.type} ${event.budget}`);
    },
  });
  let refused = false;
  scenario.upstream.use(
    http.all(`${scenario.upstream.origin}/*`, ({ request }) => {
      timeline.push(`call ${request.method} ${new URL(request.url).pathname}`);
      if (refused) return undefined;
      refused = true;
      return HttpResponse.json(scenario.refusal.body ?? { message: 'Too Many Requests' }, {
        status: 429,
        headers: scenario.refusal.headers,
      });
    }),
  );
  const timelines: Record<string, string[]> = {};
  const outcomes: Record<string, string> = {};
  for (const [index, step] of scenario.steps.entries()) {
    timeline = [];
    timelines[step.label] = timeline;
    const options: PipelineOptions = {
      runtimeState,
      // The refused step is not retried: what follows is the next call, not core's retry of this one.
      retry:
        index === 0
          ? { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }
          : { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    };
    outcomes[step.label] = await scenario.retrieve(step.auth, options).then(
      () => 'ok',
      (error: unknown) => (BridgeError.isInstance(error) ? error.code : 'thrown'),
    );
  }
  return { timelines, events, outcomes };
}

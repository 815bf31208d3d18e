import { BridgeError } from '@talkbridge/core';
import { expect } from 'vitest';

/** The BridgeError a promise rejects with; the test fails if it resolves or rejects with anything else. */
export async function bridgeErrorOf(promise: Promise<unknown>): Promise<BridgeError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(BridgeError.isInstance(outcome), 'expected a rejection with a BridgeError').toBe(true);
  return outcome as BridgeError;
}

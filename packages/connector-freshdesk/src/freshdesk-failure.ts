import { BridgeError } from '@talkbridge/core';

/** A refused answer of the service, as core keeps it on the error: the status and the parsed JSON body. */
export interface UpstreamFailure {
  status: number;
  body: unknown;
}

/**
 * Runs `work` and, when it throws, hands the error over with the service's refused answer (undefined when
 * the failure was not one: a timeout, a 5xx after retries, a network error).
 */
export async function withUpstreamFailures<T>(
  work: () => Promise<T>,
  onError: (error: unknown, failure: UpstreamFailure | undefined) => never,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return onError(error, BridgeError.isInstance(error) ? error.upstream : undefined);
  }
}

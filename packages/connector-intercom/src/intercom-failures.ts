import { BridgeError } from '@talkbridge/core';

/** What Intercom said when it refused a call: the status, and its error code when it is a plain identifier. */
export interface IntercomFailure {
  status: number;
  /** `errors[0].code` of Intercom's `error.list` (`parameter_invalid`, `not_found`…). */
  code?: string;
}

const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Runs one Intercom call; when Intercom refuses it with a status that `explain` understands, throws
 * `explain`'s error instead of core's. Credentials, rate limits and 5xx keep core's meaning. Only
 * Intercom's error code is read from its answer: its messages may repeat the request's data.
 */
export async function explainIntercomFailure<T>(
  work: () => Promise<T>,
  explain: (failure: IntercomFailure) => BridgeError | undefined,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const refused =
      BridgeError.isInstance(error) && error.code === 'upstream_unavailable' ? error.upstream : undefined;
    if (refused) {
      const code = (refused.body as { errors?: { code?: unknown }[] } | undefined)?.errors?.[0]?.code;
      const explained = explain({
        status: refused.status,
        ...(typeof code === 'string' && ERROR_CODE.test(code) ? { code } : {}),
      });
      if (explained) throw explained;
    }
    throw error;
  }
}

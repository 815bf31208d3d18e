import { BridgeError } from '../errors.js';

/**
 * A request field that is wrong, as Talkdesk and an operator should read it: `invalid_request` (400) whose
 * message and only issue name the field (`data.priority: expected low, normal, high or urgent`).
 */
export function fieldError(path: string, message: string): BridgeError {
  return new BridgeError('invalid_request', `${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * A sync offset the vendor no longer accepts (it refused the cursor inside it): the same 400 core answers for
 * an offset it cannot read, so Talkdesk restarts the synchronization.
 */
export function invalidOffset(path = 'meta.offset'): BridgeError {
  return fieldError(path, 'not an offset this bridge issued');
}

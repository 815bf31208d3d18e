import type { z } from 'zod';
import { BridgeError, type BridgeErrorIssue } from './errors.js';

/** `data.contact_emails[1]`-style paths, readable by the person who sent the request. */
export function formatIssuePath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** An answer lists this many issues at most: a body with 10,000 bad items gets a short answer. */
export const MAX_REPORTED_ISSUES = 20;

export function zodIssues(error: z.ZodError, prefix = ''): BridgeErrorIssue[] {
  return error.issues
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => ({ path: formatIssuePath(prefix, issue.path), message: issue.message }));
}

/** A BridgeError whose message names the first failing path and whose `issues` lists them all. */
export function invalidRequestFromZod(error: z.ZodError, prefix = '', what = 'Invalid request'): BridgeError {
  const issues = zodIssues(error, prefix);
  const first = issues[0];
  const summary = first ? `${first.path}: ${first.message}` : what;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new BridgeError('invalid_request', `${summary}${more}`, { issues });
}

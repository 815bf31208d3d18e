import { BridgeError } from '../errors.js';

/** A request path with its template: the template names the endpoint in logs and metrics, without ids. */
export interface UrlPath {
  path: string;
  template: string;
}

/**
 * Builds a path whose interpolated values are each percent-encoded as one segment (an id cannot add `/..`
 * or `?`), and remembers the template: path`/users/${id}/tickets.json` → `/users/42/tickets.json`,
 * template `/users/{}/tickets.json`.
 */
export function path(strings: TemplateStringsArray, ...values: (string | number)[]): UrlPath {
  let built = strings[0] ?? '';
  let template = strings[0] ?? '';
  values.forEach((value, index) => {
    const text = String(value);
    // URL parsing resolves `.` and `..` segments (even percent-encoded): refuse them as ids.
    if (text === '.' || text === '..' || text === '') {
      throw new BridgeError('invalid_request', `"${text}" is not a usable id in a service URL`);
    }
    built += encodeURIComponent(text) + (strings[index + 1] ?? '');
    template += `{}${strings[index + 1] ?? ''}`;
  });
  return { path: built, template };
}

/**
 * The template of a plain path: segments that look like ids (digits, long opaque tokens, emails) become `{}`.
 * Used when a connector passes a string instead of a `path` template.
 */
export function templateOf(plainPath: string): string {
  const [pathname = ''] = plainPath.split('?');
  return pathname
    .split('/')
    .map((segment) => (/\d|@|%40/.test(segment) || segment.length > 24 ? '{}' : segment))
    .join('/');
}

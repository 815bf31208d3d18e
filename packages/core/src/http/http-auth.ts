/** How a connector authenticates to its service; the client applies it to every request. */
export type HttpAuth =
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  /** Any header, e.g. `Authorization: Zoho-oauthtoken …`. */
  | { type: 'header'; name: string; value: string }
  /** A query parameter, e.g. Pipedrive's `api_token`. */
  | { type: 'query'; name: string; value: string }
  | { type: 'none' };

export function applyAuth(auth: HttpAuth, headers: Headers, query: URLSearchParams): void {
  switch (auth.type) {
    case 'basic':
      headers.set(
        'authorization',
        `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
      );
      return;
    case 'bearer':
      headers.set('authorization', `Bearer ${auth.token}`);
      return;
    case 'header':
      headers.set(auth.name, auth.value);
      return;
    case 'query':
      query.set(auth.name, auth.value);
      return;
    case 'none':
      return;
  }
}

/** The encoded forms of a credential as they travel, to be redacted too (a basic header is base64). */
export function encodedSecretsOf(auth: HttpAuth): string[] {
  if (auth.type === 'basic') {
    return [Buffer.from(`${auth.username}:${auth.password}`).toString('base64')];
  }
  return [];
}

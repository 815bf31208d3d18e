// What the connector sends to __DISPLAY__ (paths, queries, the auth header) and what it makes of the answers.
import { retrieveInteractions } from '@talkbridge/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { __CONST___API_TOKEN, createFake__Name__ } from './__fixtures__/fake-__id__.js';
import { __name__ } from './__id__-connector.js';

const upstream = createFake__Name__('https://acme.__id__.example.com');
const auth = { subdomain: 'acme', api_token: __CONST___API_TOKEN };

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const retrieve = (data: Record<string, unknown>, settings: Record<string, unknown> = {}) =>
  retrieveInteractions(__name__, { auth, data }, { settings: { baseUrl: upstream.origin, ...settings } });

describe('__id__ interaction retrieval', () => {
  it('reads the contact by its external id, then its tickets, with the token as a bearer', async () => {
    const answer = await retrieve({ contact_external_id: '1001' });
    expect(answer).toEqual([
      {
        id: '501',
        subject: 'Lamp arrived broken',
        description: 'The lamp arrived broken. Please send another.',
        date: '2026-03-02 10:15:00 UTC',
        url: `${upstream.origin}/tickets/501`,
        type: 'ticket',
        priority: 'high',
        status: 'open',
      },
      {
        id: '500',
        subject: 'Where is my order?',
        description: 'It has been two weeks.',
        date: '2026-02-20 16:45:00 UTC',
        url: `${upstream.origin}/tickets/500`,
        type: 'ticket',
        priority: 'normal',
        status: 'closed',
      },
    ]);
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v1/contacts/1001',
      '/api/v1/contacts/1001/tickets',
    ]);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${__CONST___API_TOKEN}`);
    }
  });

  it('asks for every email in one call', async () => {
    const answer = await retrieve({ contact_emails: ['jane.doe@example.com', 'sam.roe@example.com'] });
    expect(answer.map((item) => item.id)).toEqual(['501', '502', '500']);
    expect(upstream.requests[0]?.query.getAll('email')).toEqual(['jane.doe@example.com', 'sam.roe@example.com']);
  });

  it('applies the operator’s status table over the defaults', async () => {
    const answer = await retrieve({ contact_external_id: '1001' }, { statusMap: { open: 'pending' } });
    expect(answer.map((item) => item.status)).toEqual(['pending', 'closed']);
  });
});

// The declarative Freshdesk example against the coded connector's own fake: the same answers.
import { readFileSync } from 'node:fs';
import { freshdesk } from '@talkbridge/connector-freshdesk';
import { createFreshdeskUpstream, FRESHDESK_API_KEY } from '@talkbridge/connector-freshdesk/fixtures';
import { type AnyConnector, retrieveInteractions, validateAuthentication } from '@talkbridge/core';
import { bridgeErrorOf } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineRestConnector } from './rest-connector.js';

const declarative = defineRestConnector(
  parse(readFileSync(new URL('../examples/freshdesk-tickets.yaml', import.meta.url), 'utf8')),
);
const upstream = createFreshdeskUpstream('https://acme.freshdesk.com');
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const auth = { domain: 'acme', api_key: FRESHDESK_API_KEY };
const retrieve = (connector: AnyConnector, data: Record<string, unknown>, limit?: number) =>
  retrieveInteractions(connector, { auth, data }, limit ? { limit } : {});

describe('Freshdesk, declared', () => {
  it.each([
    ['the external id', { contact_external_id: '432' }, true],
    ['an email, upper-cased', { contact_emails: ['EMILY.GARCIA@example.com'] }, true],
    ['a phone in another format', { contact_phones: ['+1 555-555-0123'] }, true],
    ['a mobile abroad', { contact_phones: ['+442079460958'] }, true],
    [
      'a stale id, then the email',
      { contact_external_id: '999', contact_emails: ['emily.garcia@example.com'] },
      true,
    ],
    ['a deleted contact', { contact_external_id: '434' }, false],
    ['nobody', { contact_emails: ['nobody@example.com'] }, false],
  ])('answers as the coded connector for %s', async (_case, data, found) => {
    const coded = await retrieve(freshdesk, data);
    const declared = await retrieve(declarative, data);
    expect(coded.length > 0).toBe(found);
    expect(declared).toEqual(coded);
  });

  it('the same with a small limit, and the answers are not empty', async () => {
    const coded = await retrieve(freshdesk, { contact_external_id: '432' }, 2);
    expect(coded).toHaveLength(2);
    expect(await retrieve(declarative, { contact_external_id: '432' }, 2)).toEqual(coded);
  });

  it('sends basic auth with the API key and asks for every age of ticket', async () => {
    await retrieve(declarative, { contact_external_id: '432' });
    const tickets = upstream.requests.find((request) => request.path === '/api/v2/tickets');
    expect(tickets?.query.get('updated_since')).toBe('2000-01-01T00:00:00Z');
    expect(tickets?.query.get('requester_id')).toBe('432');
    expect(tickets?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${FRESHDESK_API_KEY}:X`).toString('base64')}`,
    );
  });

  it('refuses a tenant host outside *.freshdesk.com before any request', async () => {
    const error = await bridgeErrorOf(
      retrieveInteractions(declarative, {
        auth: { domain: 'evil.example#', api_key: FRESHDESK_API_KEY },
        data: { contact_external_id: '432' },
      }),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });

  it('validates the credentials with GET /agents/me; a refused key is invalid_credentials', async () => {
    await validateAuthentication(declarative, { auth });
    expect(upstream.requests.map((request) => request.path)).toEqual(['/api/v2/agents/me']);
    const error = await bridgeErrorOf(
      validateAuthentication(declarative, { auth: { ...auth, api_key: 'wrong-key-1' } }),
    );
    expect(error.code).toBe('invalid_credentials');
  });
});

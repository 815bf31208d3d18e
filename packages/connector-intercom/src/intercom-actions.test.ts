import { buildActionConfigurations, executeAction, type PipelineOptions } from '@talkbridge/core';
import { bridgeErrorOf, createCaptureLogger, FAST_RETRY, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_IDS,
  CONTACT_EMAIL,
  CONTACT_ID,
  CREATED_CONTACT_ID,
  fakeIntercom,
  INTERCOM_TOKEN,
  TICKET_TYPE_ID,
  WORKSPACE_ID,
} from './__fixtures__/fake-intercom.js';
import ticketTypes from './__fixtures__/ticket-types.json' with { type: 'json' };
import { intercom } from './intercom-connector.js';

const upstream = fakeIntercom('https://api.intercom.io');
const auth = { access_token: INTERCOM_TOKEN };
const withTicketType: PipelineOptions = { retry: FAST_RETRY, settings: { ticketTypeId: TICKET_TYPE_ID } };

const createTicket = (
  request: { meta?: Record<string, unknown>; data: Record<string, unknown> },
  options: PipelineOptions = withTicketType,
) => executeAction(intercom, 'create_ticket', { auth, ...request }, options);

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const ticketBody = () => upstream.requests.find((request) => request.path === '/tickets')?.json;
const posts = () => upstream.requests.filter((request) => request.path === '/tickets');

/** Intercom refusing every ticket with this status and error code. */
const refuseTickets = (status: number, code: string, message: string) =>
  upstream.use(
    http.post(`${upstream.origin}/tickets`, async ({ request }) => {
      await request.text();
      return HttpResponse.json(
        {
          type: 'error.list',
          request_id: 'a1b2c3d4-0000-4000-8000-000000000000',
          errors: [{ code, message }],
        },
        { status },
      );
    }),
  );

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

describe('create_ticket: the request', () => {
  it('creates one ticket of the configured type for the synced contact, assigned to the agent', async () => {
    const answer = await createTicket({
      meta: { contact_external_id: CONTACT_ID, agent_external_id: ADMIN_IDS[0] },
      data: { subject: 'Missed call from Joe', description: 'He called about invoice 1042.' },
    });
    expect(calls()).toEqual(['POST /tickets']);
    expect(ticketBody()).toEqual({
      ticket_type_id: TICKET_TYPE_ID,
      contacts: [{ id: CONTACT_ID }],
      ticket_attributes: {
        _default_title_: 'Missed call from Joe',
        _default_description_: 'He called about invoice 1042.',
      },
      assignment: { admin_assignee_id: ADMIN_IDS[0] },
    });
    const [request] = upstream.requests;
    expect(request?.headers.get('authorization')).toBe(`Bearer ${INTERCOM_TOKEN}`);
    expect(request?.headers.get('intercom-version')).toBe('2.15');
    expect(request?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(request?.url.search).toBe('');
    expect(answer).toEqual({ message: 'Ticket #33 created in Intercom', external_id: '626' });
  });

  it('leaves the description and the assignment out when not given', async () => {
    await createTicket({ meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } });
    expect(ticketBody()).toEqual({
      ticket_type_id: TICKET_TYPE_ID,
      contacts: [{ id: CONTACT_ID }],
      ticket_attributes: { _default_title_: 'Call back' },
    });
  });

  it('finds the contact by data.contact_email when there is no external id', async () => {
    const answer = await createTicket({ data: { subject: 'Call back', contact_email: 'JOE@bloggs.com' } });
    expect(calls()).toEqual(['POST /contacts/search', 'POST /tickets']);
    expect(upstream.requests[0]?.json).toEqual({
      query: { field: 'email', operator: '=', value: CONTACT_EMAIL },
      pagination: { per_page: 5 },
    });
    expect((ticketBody() as { contacts: unknown }).contacts).toEqual([{ id: CONTACT_ID }]);
    expect(answer).not.toHaveProperty('contact_external_id');
  });

  it('lets Intercom create a contact for an unknown email, and reports it', async () => {
    const answer = await createTicket({
      data: { subject: 'Call back', contact_email: 'new.caller@example.com' },
    });
    expect((ticketBody() as { contacts: unknown }).contacts).toEqual([{ email: 'new.caller@example.com' }]);
    expect(answer).toEqual({
      message: 'Ticket #33 created in Intercom',
      external_id: '626',
      contact_external_id: CREATED_CONTACT_ID,
      contact_external_type: 'contact',
      contact_external_url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${CREATED_CONTACT_ID}`,
    });
  });

  it('prefers meta.contact_external_id over data.contact_email', async () => {
    await createTicket({
      meta: { contact_external_id: CONTACT_ID },
      data: { subject: 'Call back', contact_email: 'someone.else@example.com' },
    });
    expect(calls()).toEqual(['POST /tickets']);
    expect((ticketBody() as { contacts: unknown }).contacts).toEqual([{ id: CONTACT_ID }]);
  });
});

describe('create_ticket: the ticket type', () => {
  it('takes data.ticket_type_id before the integration’s ticketTypeId', async () => {
    await createTicket({
      meta: { contact_external_id: CONTACT_ID },
      data: { subject: 'Bug', ticket_type_id: '67' },
    });
    expect((ticketBody() as { ticket_type_id: unknown }).ticket_type_id).toBe('67');
  });

  it('without either, uses the only live customer ticket type (GET /ticket_types, then the ticket)', async () => {
    await createTicket(
      { meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } },
      { retry: FAST_RETRY },
    );
    expect(calls()).toEqual(['GET /ticket_types', 'POST /tickets']);
    expect((ticketBody() as { ticket_type_id: unknown }).ticket_type_id).toBe(TICKET_TYPE_ID);
  });

  it('fails with action_failed naming the choices when there are several customer ticket types', async () => {
    upstream.use(
      http.get(`${upstream.origin}/ticket_types`, () =>
        HttpResponse.json({
          ...ticketTypes,
          data: [...ticketTypes.data, { ...ticketTypes.data[0], id: '91', name: 'Refund' }],
        }),
      ),
    );
    const error = await failure(
      createTicket(
        { meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } },
        { retry: FAST_RETRY },
      ),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Intercom has several customer ticket types (Customer request (88), Refund (91)): give the action a ' +
        'ticket_type_id or set the integration’s ticketTypeId',
    );
    expect(posts()).toHaveLength(0);
  });

  it('fails with action_failed when there is no live customer ticket type', async () => {
    upstream.use(
      http.get(`${upstream.origin}/ticket_types`, () =>
        HttpResponse.json({ type: 'list', data: ticketTypes.data.slice(1) }),
      ),
    );
    const error = await failure(
      createTicket(
        { meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } },
        { retry: FAST_RETRY },
      ),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toMatch(/^Intercom has no customer ticket type/);
    expect(posts()).toHaveLength(0);
  });

  it('accepts a numeric ticketTypeId in the settings and refuses one that is not an id', async () => {
    await createTicket(
      { meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } },
      { retry: FAST_RETRY, settings: { ticketTypeId: 88 } },
    );
    expect((ticketBody() as { ticket_type_id: unknown }).ticket_type_id).toBe('88');
    const error = await failure(
      createTicket(
        { meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } },
        { retry: FAST_RETRY, settings: { ticketTypeId: 'Customer request' } },
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['options.ticketTypeId']);
  });
});

describe('create_ticket: refused inputs, sending nothing', () => {
  it.each([
    [{ subject: 'Call back' }, {}, 'data.contact_email'],
    [{ subject: 'Call back', contact_email: 'not an email' }, {}, 'data.contact_email'],
    [
      { subject: 'Call back', ticket_type_id: 'Question' },
      { contact_external_id: CONTACT_ID },
      'data.ticket_type_id',
    ],
    [{ description: 'No subject' }, { contact_external_id: CONTACT_ID }, 'data.subject'],
  ])('%o → invalid_request naming %s', async (data, meta, path) => {
    const error = await failure(createTicket({ meta, data }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual([path]);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('create_ticket: Intercom refusing the ticket', () => {
  it('an unknown assignee (400) is action_failed naming what to check, sent once', async () => {
    const error = await failure(
      createTicket({
        meta: { contact_external_id: CONTACT_ID, agent_external_id: '12345' },
        data: { subject: 'Call back' },
      }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      `Intercom refused the ticket (parameter_invalid): check the ticket type ${TICKET_TYPE_ID}, contact ` +
        `${CONTACT_ID}, admin 12345 (a ticket type may require other attributes than title and description)`,
    );
    // Intercom's own message (which may repeat the data) stays out.
    expect(error.message).not.toContain('Assignee not found');
    expect(posts()).toHaveLength(1);
  });

  it('an unknown contact (404) is action_failed, sent once', async () => {
    const error = await failure(
      createTicket({
        meta: { contact_external_id: '5ba682d23d7cf92bef87bfd4' },
        data: { subject: 'Call back' },
      }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      `Intercom could not find one of: ticket type ${TICKET_TYPE_ID}, contact 5ba682d23d7cf92bef87bfd4 (not_found)`,
    );
    expect(posts()).toHaveLength(1);
  });

  it('a 422 is action_failed too', async () => {
    refuseTickets(422, 'parameter_invalid', 'Ticket attribute "Priority" is required');
    const error = await failure(
      createTicket({ meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toMatch(/^Intercom refused the ticket \(parameter_invalid\)/);
    expect(error.message).not.toContain('Priority');
    expect(posts()).toHaveLength(1);
  });

  it('a token without permission to write tickets (403) is action_failed', async () => {
    refuseTickets(403, 'api_plan_restricted', 'Active subscription needed.');
    const error = await failure(
      createTicket({ meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Intercom did not allow the ticket (api_plan_restricted): the access token may lack permission to write tickets',
    );
  });

  it('leaves out an error code that is not a plain identifier', async () => {
    refuseTickets(400, '<script>', 'x');
    const error = await failure(
      createTicket({ meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } }),
    );
    expect(error.message).toMatch(/^Intercom refused the ticket: check/);
  });

  it('is never retried after a 5xx: it may have created the ticket', async () => {
    refuseTickets(503, 'service_unavailable', 'Sorry, the API service is temporarily unavailable');
    const error = await failure(
      createTicket({ meta: { contact_external_id: CONTACT_ID }, data: { subject: 'Call back' } }),
    );
    expect(error.code).toBe('upstream_unavailable');
    expect(posts()).toHaveLength(1);
  });

  it('a refused token is invalid_credentials, and neither errors nor logs carry it', async () => {
    const log = createCaptureLogger();
    const error = await failure(
      executeAction(
        intercom,
        'create_ticket',
        {
          auth: { access_token: 'revoked-token-5678' },
          meta: { contact_external_id: CONTACT_ID },
          data: { subject: 'Call back' },
        },
        { ...withTicketType, log },
      ),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(posts()).toHaveLength(1);
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain(
      'revoked-token-5678',
    );
    expect(log.text()).not.toContain('revoked-token-5678');
  });
});

describe('create_ticket: configuration', () => {
  it('is described in lower case with its inputs, only the subject mandatory', () => {
    const [action] = buildActionConfigurations(intercom, {
      integrationId: 'intercom',
      publicUrl: 'https://bridge.example.com',
    });
    expect(action).toMatchObject({
      provider: 'intercom',
      name: 'create_ticket',
      display: 'create a ticket',
      description: 'create a new ticket in Intercom',
      endpoint: 'https://bridge.example.com/integrations/intercom/actions/create_ticket',
    });
    expect(action?.inputs.map((input) => [input.key, input.mandatory])).toEqual([
      ['subject', true],
      ['description', false],
      ['contact_email', false],
      ['ticket_type_id', false],
    ]);
  });
});

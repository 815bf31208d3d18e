// The four other bridge hooks and the configuration endpoints, against the sandbox on a real port.
import {
  actionConfigurationSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  integrationConfigurationSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { describe, expect, it } from 'vitest';
import { printedLogLines, specExampleRequest, startTestGateway } from './start-test-gateway.js';

const gateway = await startTestGateway({
  publicUrl: 'https://bridge.example.com',
  integrations: { 'sandbox-demo': { connector: 'sandbox', syncPageSize: 5 } },
});
const auth = specExampleRequest.auth;
const hook = (name: string, body: unknown) => gateway.post(`/integrations/sandbox-demo/${name}`, body);
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: Record<string, unknown> }).error;

describe('auth validation', () => {
  it('204 for the sandbox account', async () => {
    const response = await hook('auth_validation', { auth });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('401 for other credentials', async () => {
    const response = await hook('auth_validation', {
      auth: { username: auth.username, password: 'guess-1234' },
    });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('invalid_credentials');
  });

  it('400 naming the missing fields', async () => {
    const response = await hook('auth_validation', { auth: { username: auth.username } });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues).toEqual([
      { path: 'auth.password', message: expect.any(String) },
    ]);
  });

  it('400 when auth is not an object', async () => {
    const response = await hook('auth_validation', { auth: 'john:605b32dd' });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues).toEqual([{ path: 'auth', message: expect.any(String) }]);
  });
});

type SyncAnswer = { contacts: { id: string }[]; next_offset?: string; synchronization_checkpoint?: string };

async function syncAll(meta: Record<string, unknown>): Promise<{ ids: string[]; pages: SyncAnswer[] }> {
  const pages: SyncAnswer[] = [];
  let offset: string | undefined;
  do {
    const response = await hook('contact_synchronization', {
      auth,
      meta: { ...meta, ...(offset ? { offset } : {}) },
    });
    expect(response.status).toBe(200);
    const page = contactSynchronizationResponseSchema.parse(await response.json()) as SyncAnswer;
    pages.push(page);
    offset = page.next_offset;
  } while (offset && pages.length < 50);
  return { ids: pages.flatMap((page) => page.contacts.map((contact) => contact.id)), pages };
}

describe('contact synchronization', () => {
  it('initial sync: every contact once, ascending, paged with next_offset, with a checkpoint', async () => {
    const { ids, pages } = await syncAll({});
    expect(pages.map((page) => page.contacts.length)).toEqual([5, 5, 2]);
    expect(pages.slice(0, -1).every((page) => typeof page.next_offset === 'string')).toBe(true);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(pages.at(-1)?.synchronization_checkpoint).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    const first = pages[0]?.contacts[0] as Record<string, unknown>;
    expect(first).toMatchObject({ id: '1', name: 'Jane Doe', company: 'Example Corp.', title: 'CTO' });
    expect(first.url).toBe('https://sandbox.talkbridge.example/contacts/1');
  });

  it('incremental sync from the checkpoint returns the last contact again, never fewer', async () => {
    const { pages } = await syncAll({});
    const checkpoint = pages.at(-1)?.synchronization_checkpoint;
    const incremental = await syncAll({ synchronization_checkpoint: checkpoint });
    expect(incremental.ids).toEqual(['12']);
    expect(incremental.pages.at(-1)?.synchronization_checkpoint).toBe(checkpoint);
  });

  it('400 for a forged offset or checkpoint, without a crash', async () => {
    for (const meta of [
      { offset: 'not-base64!' },
      { offset: Buffer.from('{"v":2,"cursor":"x"}').toString('base64url') },
      { offset: Buffer.from('{"v":1,"cursor":"garbage"}').toString('base64url') },
      { offset: Buffer.from('{"v":1,"cursor":"1","extra":true}').toString('base64url') },
      { synchronization_checkpoint: 'yesterday' },
    ]) {
      const response = await hook('contact_synchronization', { auth, meta });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).code).toBe('invalid_request');
    }
  });

  it('ignores an arbitrary context value', async () => {
    const response = await hook('contact_synchronization', {
      auth,
      meta: { context: { anything: [1, 'two'] } },
    });
    expect(response.status).toBe(200);
  });
});

describe('agent synchronization', () => {
  it('lists the sandbox agents', async () => {
    const response = await hook('agent_synchronization', { auth });
    expect(response.status).toBe(200);
    const answer = agentSynchronizationResponseSchema.parse(await response.json());
    expect(answer.agents.map((agent) => agent.email)).toContain('john.doe@example.com');
    expect(answer.next_offset).toBeUndefined();
  });

  it('400 for a forged offset', async () => {
    const response = await hook('agent_synchronization', {
      auth,
      meta: { offset: Buffer.from('{"v":1,"cursor":"-5"}').toString('base64url') },
    });
    expect(response.status).toBe(400);
  });
});

describe('actions', () => {
  it('create_ticket: 201, and the next retrieval shows the new case', async () => {
    const response = await gateway.post('/integrations/sandbox-demo/actions/create_ticket', {
      auth,
      meta: { contact_external_id: '1', agent_external_id: 'a2' },
      data: {
        subject: 'Call missed in Talkdesk',
        description: 'A call from Jane Doe was missed.',
        priority: 'high',
      },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { message: string; external_id: string };
    expect(created.message).toMatch(/^Case \d+ created$/);

    const retrieval = await gateway.post(
      '/integrations/sandbox-demo/interaction_retrieval',
      specExampleRequest,
    );
    const answer = interactionRetrievalResponseSchema.parse(await retrieval.json());
    expect(answer[0]).toMatchObject({
      id: created.external_id,
      subject: 'Call missed in Talkdesk',
      type: 'case',
      priority: 'high',
      status: 'new',
    });
  });

  it('log_call creates a contact when given only an email, and says so', async () => {
    const response = await gateway.post('/integrations/sandbox-demo/actions/log_call', {
      auth,
      data: { subject: 'Inbound call', contact_email: 'new.caller@example.org', contact_name: 'New Caller' },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Record<string, string>;
    expect(created.contact_external_id).toMatch(/^\d+$/);
    expect(created.contact_external_url).toBe(
      `https://sandbox.talkbridge.example/contacts/${created.contact_external_id}`,
    );
  });

  it('400 naming a missing mandatory input', async () => {
    const response = await gateway.post('/integrations/sandbox-demo/actions/create_note', {
      auth,
      meta: { contact_external_id: '1' },
      data: { description: 'no subject' },
    });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues).toEqual([{ path: 'data.subject', message: expect.any(String) }]);
  });

  it('400 with the service’s message when the action fails', async () => {
    const response = await gateway.post('/integrations/sandbox-demo/actions/create_ticket', {
      auth,
      meta: { contact_external_id: 'no-such-contact' },
      data: { subject: 'x' },
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      code: 'action_failed',
      message: 'No contact has id "no-such-contact"',
    });
  });

  it('404 listing the known actions for an unknown one', async () => {
    const response = await gateway.post('/integrations/sandbox-demo/actions/delete_everything', {
      auth,
      data: {},
    });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).known_actions).toEqual(['create_ticket', 'log_call', 'create_note']);
  });
});

describe('configuration for Talkdesk', () => {
  it('GET configuration: valid, with endpoints on the public URL and auth fields from the schema', async () => {
    const response = await gateway.get('/integrations/sandbox-demo/configuration');
    expect(response.status).toBe(200);
    const configuration = integrationConfigurationSchema.parse(await response.json());
    expect(configuration).toMatchObject({
      name: 'sandbox-demo',
      display_name: 'Sandbox',
      authentication_type: 'custom',
      auth_validation_endpoint: 'https://bridge.example.com/integrations/sandbox-demo/auth_validation',
      contact_synchronization_endpoint:
        'https://bridge.example.com/integrations/sandbox-demo/contact_synchronization',
      interaction_retrieval_endpoint:
        'https://bridge.example.com/integrations/sandbox-demo/interaction_retrieval',
      agent_synchronization_endpoint:
        'https://bridge.example.com/integrations/sandbox-demo/agent_synchronization',
      interaction_types: ['case', 'note', 'call'],
    });
    expect(configuration.authentication_configuration).toEqual([
      { username: expect.objectContaining({ source: 'input', mandatory: true, type: 'input', store: true }) },
      { password: expect.objectContaining({ mandatory: true }) },
    ]);
  });

  it('GET actions: one valid configuration per action', async () => {
    const response = await gateway.get('/integrations/sandbox-demo/actions');
    const actions = ((await response.json()) as unknown[]).map((action) =>
      actionConfigurationSchema.parse(action),
    );
    expect(actions.map((action) => action.name)).toEqual(['create_ticket', 'log_call', 'create_note']);
    expect(actions[0]).toMatchObject({
      provider: 'sandbox-demo',
      endpoint: 'https://bridge.example.com/integrations/sandbox-demo/actions/create_ticket',
    });
  });

  it('serves the generated logo the configuration points at', async () => {
    const response = await gateway.get('/integrations/sandbox-demo/logo.svg');
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toMatch(/^<svg .*>S<\/text><\/svg>$/);
  });

  it('never printed a credential', () => {
    for (const secret of ['605b32dd', 'guess-1234']) expect(printedLogLines.join('\n')).not.toContain(secret);
  });
});

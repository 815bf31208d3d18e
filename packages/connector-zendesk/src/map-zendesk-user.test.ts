import { describe, expect, it } from 'vitest';
import { createZendeskContactMapper, mapZendeskAgent } from './map-zendesk-user.js';

const url = (id: number) => `https://acme.zendesk.com/agent/users/${id}`;

describe('createZendeskContactMapper', () => {
  it('puts the primary identities first and drops duplicates of the user’s own email and phone', () => {
    const map = createZendeskContactMapper(
      {
        identities: [
          { user_id: 7, type: 'email', value: 'old@example.com', primary: false },
          { user_id: 7, type: 'email', value: 'Ann@Example.com', primary: true },
          { user_id: 7, type: 'phone_number', value: '+1 555 555 0100', primary: false },
          { user_id: 7, type: 'twitter', value: '@ann_x', primary: false },
          { user_id: 8, type: 'email', value: 'someone.else@example.com', primary: true },
        ],
        organizations: [{ id: 3, name: '  Acme Ltd  ' }],
      },
      url,
    );
    expect(
      map({
        id: 7,
        name: 'Ann',
        email: 'ann@example.com',
        phone: '+15555550100',
        organization_id: 3,
        updated_at: '2024-01-01T00:00:00Z',
      }),
    ).toEqual({
      id: '7',
      name: 'Ann',
      company: 'Acme Ltd',
      emails: ['ann@example.com', 'old@example.com'],
      phones: ['+15555550100'],
      twitter: 'ann_x',
      url: 'https://acme.zendesk.com/agent/users/7',
      updatedAt: '2024-01-01T00:00:00Z',
    });
  });

  it('names a user without a name by email, then phone, then id; leaves out empty fields', () => {
    const map = createZendeskContactMapper({}, () => undefined);
    expect(map({ id: 1, name: ' ', email: 'x@example.com', details: '  ', updated_at: 'u' })).toEqual({
      id: '1',
      name: 'x@example.com',
      emails: ['x@example.com'],
      updatedAt: 'u',
    });
    expect(map({ id: 2, phone: '+15555550199', updated_at: 'u' }).name).toBe('+15555550199');
    expect(map({ id: 3, updated_at: 'u' }).name).toBe('Zendesk user 3');
  });

  it('passes a missing update time on as empty, for the pipeline to reject', () => {
    expect(createZendeskContactMapper({}, url)({ id: 4, name: 'No time' }).updatedAt).toBe('');
  });
});

describe('mapZendeskAgent', () => {
  it('maps id, name and email; an agent without email is left out', () => {
    expect(mapZendeskAgent({ id: 9, name: 'Alex', email: 'alex@acme.example' })).toEqual({
      id: '9',
      name: 'Alex',
      email: 'alex@acme.example',
    });
    expect(mapZendeskAgent({ id: 10, name: 'No mail', email: null })).toBeUndefined();
    expect(mapZendeskAgent({ id: 11, name: null, email: 'n@acme.example' })?.name).toBe('n@acme.example');
  });
});

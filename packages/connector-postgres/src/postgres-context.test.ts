import { describe, expect, it } from 'vitest';
import { shopOptions } from './__fixtures__/shop-database.js';
import { postgresSettingsSchema } from './postgres-context.js';

const issuesOf = (options: unknown) => {
  const result = postgresSettingsSchema.safeParse(options);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('postgres options', () => {
  it('accepts the worked example', () => {
    expect(issuesOf(shopOptions())).toEqual([]);
  });

  it('names a parameter a step does not know, with the ones it does', () => {
    const options = shopOptions();
    options.contacts = { byEmails: 'SELECT id FROM customers WHERE email = ANY(:email)' };
    expect(issuesOf(options)).toEqual([
      'contacts.byEmails: unknown parameter :email (this step knows :emails, :customer_key)',
    ]);
  });

  it('refuses an auth field named like a parameter the connector binds, and no lookup at all', () => {
    const issues = issuesOf(shopOptions({ auth: { contact_ids: {} }, contacts: {} }));
    expect(issues).toContain(
      'auth.contact_ids: "contact_ids" is a parameter the connector binds itself: choose another name',
    );
    expect(issues).toContain('contacts: expected at least one lookup: byExternalId, byEmails or byPhones');
  });

  it('wants the name of an environment variable, not a connection string', () => {
    expect(issuesOf(shopOptions({ connectionStringEnv: 'postgres://user:secret@db/shop' }))).toEqual([
      'connectionStringEnv: expected the name of an environment variable, such as ORDERS_DATABASE_URL',
    ]);
  });
});

// Customer searches shared by contact resolution and the create_ticket action.
import { type HelpScoutCustomer, helpScoutCustomerListSchema } from './helpscout-api.js';
import { anyOfQuoted } from './helpscout-query.js';
import type { HelpScoutContext } from './helpscout-settings.js';

/** One search; the first page (up to 50, Help Scout's page size for customers) is plenty for one person. */
export async function searchCustomers(ctx: HelpScoutContext, query: string): Promise<HelpScoutCustomer[]> {
  const found = await ctx.http.get('/customers', { query: { query }, schema: helpScoutCustomerListSchema });
  return found._embedded?.customers ?? [];
}

/** The values of a customer's embedded emails or phones; undefined when the answer lists none. */
export function entryValues(customer: HelpScoutCustomer, kind: 'emails' | 'phones'): string[] | undefined {
  const entries = customer._embedded?.[kind];
  if (!entries || entries.length === 0) return undefined;
  return entries.flatMap((entry) => (entry.value ? [entry.value] : []));
}

/**
 * The customers having one of these addresses (lower-cased). Help Scout's email search matches addresses
 * *containing* the text (ann@ also finds joann@), so its answer is checked when it lists the emails.
 */
export async function customersWithEmails(
  ctx: HelpScoutContext,
  emails: readonly string[],
): Promise<HelpScoutCustomer[]> {
  const customers = await searchCustomers(ctx, anyOfQuoted('email', emails));
  const wanted = new Set(emails);
  return customers.filter((customer) => {
    const stored = entryValues(customer, 'emails');
    return stored === undefined || stored.some((email) => wanted.has(email.trim().toLowerCase()));
  });
}

// Contact resolution, and the customer searches it shares with the create_ticket action.
import {
  type ContactLookup,
  type ContactRef,
  distinct,
  path,
  phoneSpellings,
  samePhoneNumber,
} from '@talkbridge/core';
import {
  type HelpScoutCustomer,
  helpScoutCustomerListSchema,
  helpScoutCustomerSchema,
} from './helpscout-api.js';
import type { HelpScoutContext } from './helpscout-context.js';
import { anyOfQuoted } from './helpscout-query.js';

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

/** Help Scout customer ids are integers: anything else is no customer of this account. */
const HELPSCOUT_ID = /^\d{1,19}$/;

/**
 * The customer a synced id names, without a call: the conversation lister needs only the id
 * (`customerIds:`), so core lists the conversations in the same round as the id's lookup checks it.
 */
export function helpScoutCustomerFromId(externalId: string): ContactRef | undefined {
  return HELPSCOUT_ID.test(externalId) ? { id: externalId } : undefined;
}

/** One resolution step: the customer with that id, or one search over all emails (or all phones). */
export async function findHelpScoutCustomers(
  ctx: HelpScoutContext,
  lookup: ContactLookup,
): Promise<ContactRef[]> {
  switch (lookup.by) {
    case 'externalId': {
      if (!HELPSCOUT_ID.test(lookup.externalId)) return [];
      const customer = await ctx.http.getIfExists(path`/customers/${lookup.externalId}`, {
        schema: helpScoutCustomerSchema,
      });
      return customer ? [{ id: customer.id }] : [];
    }
    case 'email':
      // Help Scout's email search matches addresses *containing* the text (ann@ also finds joann@):
      // only customers that really have one of the addresses are kept.
      return (await customersWithEmails(ctx, lookup.emails)).map(toContactRef);
    case 'phone': {
      // Phones are stored as typed: search the usual spellings of each number in one query, then keep
      // customers whose stored phone is really one of the numbers.
      const variants = distinct(lookup.phones.flatMap(phoneSpellings));
      const customers = await searchCustomers(ctx, anyOfQuoted('phone', variants));
      return customers
        .filter((customer) => {
          const phones = entryValues(customer, 'phones');
          return (
            phones === undefined ||
            phones.some((stored) => lookup.phones.some((e164) => samePhoneNumber(stored, e164)))
          );
        })
        .map(toContactRef);
    }
  }
}

function toContactRef(customer: HelpScoutCustomer): ContactRef {
  return { id: customer.id };
}

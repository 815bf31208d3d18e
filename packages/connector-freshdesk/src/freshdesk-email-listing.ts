// Listing a first view's tickets by the requester's email beside the contact search (core's
// `listingByEmail`): one round trip instead of two when the email is the contact's primary address.
import type { EmailListing } from '@talkbridge/core';
import type { FreshdeskContactRef } from './freshdesk-contacts.js';
import { isQuotableValue } from './freshdesk-search-query.js';

/**
 * `GET /tickets?email=` lists the tickets of the requester with that email, so the lister needs only the
 * email: core starts it beside `GET /search/contacts`. The listing is kept only for the one contact the
 * search found by its primary address. Whether the filter also matches `other_emails` is not documented,
 * so a contact found by a secondary address has its tickets listed again by id (2 rounds, never fewer
 * tickets); several contacts or none (then the phones) drop it as well.
 */
export const freshdeskEmailListing: EmailListing<FreshdeskContactRef> = {
  // Only the emails the search can hold as one literal: the others are looked up by the exact contact
  // filter, and would be listed by an address Freshdesk may refuse.
  contactFromEmail: (email) =>
    isQuotableValue(email) ? { id: `email:${email}`, requesterEmail: email } : undefined,
  // Core starts the listing only for a lookup of this one email, so a contact found by its primary
  // address among the emails looked up was found by this one.
  holdsFor: (found) => found.byPrimaryEmail === true,
};

// Searching a first view's tickets by the requester's email beside the user search (core's
// `listingByEmail`): one round trip instead of two when the email is the user's primary address.
import type { EmailListing } from '@talkbridge/core';
import type { ZendeskContactRef } from './zendesk-users.js';

/** What searchTerm would strip from a phrase: an address holding one would be searched as another. */
const STRIPPED_FROM_PHRASES = /[\s"\\]/;

/**
 * A ticket search `type:ticket requester:"<email>"` names the requester by email, so the lister needs only
 * the email: core starts it beside the `type:user email:` search. The search is kept only for the one user
 * the user search found by its primary email (`user.email`): whether `requester:` also matches a user's
 * other email identities is not documented, so a user found by another identity has its tickets searched
 * again by id (2 rounds, never fewer tickets); several users or none (then the phones) drop it as well.
 */
export const zendeskEmailListing: EmailListing<ZendeskContactRef> = {
  contactFromEmail: (email) =>
    email.includes('@') && !STRIPPED_FROM_PHRASES.test(email)
      ? { id: `email:${email}`, requesterEmail: email }
      : undefined,
  // Core starts the listing only for a lookup of this one email, so a user found by its primary email
  // among the emails looked up was found by this one.
  holdsFor: (found) => found.byPrimaryEmail === true,
};

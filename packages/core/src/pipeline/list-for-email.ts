// Listing by the request's email in the same round as the email's lookup (`listingByEmail`): the rules on
// when it starts and when it is kept are in `EmailListing` (connector.ts).
import type { AnyConnector, ContactLookup, ContactRef, EmailListing } from '../connector.js';

/** A listing by email that may start beside the email lookup, and the decision to keep it. */
export interface ListingForEmail<TListed> {
  /** Given every lookup step as it goes to the connector: starts the listing for the one-email step. */
  startBeside(lookup: ContactLookup): void;
  /**
   * The listing, when one was started and holds for the contacts the lookup resolved; undefined when none
   * was started or it is dropped (its calls in flight end with the operation).
   */
  keptFor(contacts: readonly ContactRef[]): Promise<TListed> | undefined;
  /** Whether a listing was started (and so, when not kept, thrown away). */
  readonly started: boolean;
}

/**
 * For a connector that declares `listingByEmail`: what starts its listers for the provisional contact of
 * the request's one email, through `list`. Undefined when the connector does not list by email.
 */
export function listingForEmail<TListed>(
  connector: AnyConnector,
  list: (contacts: ContactRef[]) => Promise<TListed>,
): ListingForEmail<TListed> | undefined {
  const declared: EmailListing | undefined = connector.listingByEmail;
  if (!declared) return undefined;
  let early: { email: string; listed: Promise<TListed> } | undefined;
  return {
    startBeside(lookup) {
      // Several emails: one listing per email would spend calls the one search answers without.
      if (early || lookup.by !== 'email' || lookup.emails.length !== 1) return;
      const [email] = lookup.emails;
      if (email === undefined) return;
      const contact = declared.contactFromEmail(email);
      if (!contact) return;
      const listed = list([contact]);
      // Not awaited when the lookup does not confirm it (or fails first): its failure must not surface unhandled.
      listed.catch(() => {});
      early = { email, listed };
    },
    keptFor(contacts) {
      const [found] = contacts;
      if (!early || contacts.length !== 1 || !found) return undefined;
      return declared.holdsFor(found, early.email) ? early.listed : undefined;
    },
    get started() {
      return early !== undefined;
    },
  };
}

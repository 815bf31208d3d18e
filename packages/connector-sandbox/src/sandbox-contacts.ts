// Contact resolution in the sandbox's store: by id, by email, by phone (compared in E.164).
import { type ContactLookup, type ContactRef, toE164 } from '@talkbridge/core';
import type { SandboxContext } from './sandbox-context.js';
import type { SandboxContact } from './sandbox-data.js';
import { openSandbox } from './sandbox-store.js';

// A contact's phones in E.164, worked out once per contact: parsing phone numbers is the costliest part of
// a sandbox lookup. Keyed by the contact object, so a contact replaced or dropped takes its entry with it.
const e164ByContact = new WeakMap<SandboxContact, string[]>();

function storedPhonesInE164(contact: SandboxContact): string[] {
  let phones = e164ByContact.get(contact);
  if (!phones) {
    phones = contact.phones
      .map((phone) => toE164(phone))
      .filter((phone): phone is string => phone !== undefined);
    e164ByContact.set(contact, phones);
  }
  return phones;
}

export async function findSandboxContacts(ctx: SandboxContext, lookup: ContactLookup): Promise<ContactRef[]> {
  const data = openSandbox(ctx);
  switch (lookup.by) {
    case 'externalId':
      return data.contacts.filter((contact) => contact.id === lookup.externalId).map(({ id }) => ({ id }));
    case 'email': {
      const wanted = new Set(lookup.emails);
      return data.contacts
        .filter((contact) => contact.emails.some((email) => wanted.has(email.trim().toLowerCase())))
        .map(({ id }) => ({ id }));
    }
    case 'phone': {
      const wanted = new Set(lookup.phones);
      return data.contacts
        .filter((contact) => storedPhonesInE164(contact).some((phone) => wanted.has(phone)))
        .map(({ id }) => ({ id }));
    }
  }
}

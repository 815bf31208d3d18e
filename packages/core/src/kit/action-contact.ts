import type { ActionInput } from '../connector.js';
import { isEmailAddress } from './email-address.js';
import { fieldError } from './field-error.js';

/** The action input that names the contact when the action is not run on a synchronized contact. */
export const CONTACT_EMAIL_INPUT: ActionInput = {
  key: 'contact_email',
  name: 'Contact email, when the action is not run on a synchronized contact',
  mandatory: false,
};

/** Who an action is about: the synchronized contact's id, or an email to find (or create) the contact by. */
export type ActionContact = { by: 'id'; id: string } | { by: 'email'; email: string };

export interface ActionContactOptions {
  /** The service's name, for the message when neither is given (`a Zendesk ticket needs a requester`). */
  needs: string;
  /** Whether a `meta.contact_external_id` can be one of the service's ids (digits only, a UUID…). */
  isId?: (id: string) => boolean;
  /** What a valid id looks like, for the message (`a numeric Zendesk user id`). */
  idDescription?: string;
}

/**
 * The contact an action names: `meta.contact_external_id` when Talkdesk sent one (the synchronized
 * contact), else `data.contact_email` (lower-cased, checked in linear time). A 400 naming the field when
 * neither is usable.
 */
export function actionContactOf(
  request: { data: Record<string, string>; contactExternalId?: string },
  options: ActionContactOptions,
): ActionContact {
  const id = request.contactExternalId?.trim();
  if (id) {
    if (options.isId && !options.isId(id)) {
      throw fieldError(
        'meta.contact_external_id',
        `expected ${options.idDescription ?? 'a contact id of this service'}`,
      );
    }
    return { by: 'id', id };
  }
  const email = request.data.contact_email?.trim().toLowerCase();
  if (!email) {
    throw fieldError(
      'data.contact_email',
      `${options.needs}: send meta.contact_external_id or data.contact_email`,
    );
  }
  if (!isEmailAddress(email)) throw fieldError('data.contact_email', 'expected an email address');
  return { by: 'email', email };
}

import type { ContactQuery } from '../connector.js';
import type { InteractionRetrievalRequest } from '../contract/interaction-retrieval.js';
import { type CountryCode, toE164 } from '../phone.js';

/**
 * The request's `data` cleaned for searching: blank values dropped, emails lower-cased, phones in E.164
 * (numbers that cannot be read as a phone number are dropped: they could never match).
 */
export function toContactQuery(
  data: InteractionRetrievalRequest['data'],
  defaultCountry: CountryCode = 'US',
): ContactQuery {
  const externalId = data.contact_external_id?.trim();
  const name = data.contact_name?.trim();
  const emails = unique(
    (data.contact_emails ?? []).map((email) => email.trim().toLowerCase()).filter((email) => email !== ''),
  );
  const phones = unique(
    (data.contact_phones ?? [])
      .map((phone) => toE164(phone, defaultCountry))
      .filter((phone): phone is string => phone !== undefined),
  );
  return {
    ...(externalId ? { externalId } : {}),
    ...(name ? { name } : {}),
    emails,
    phones,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

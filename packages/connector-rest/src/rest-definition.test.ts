import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseRestDefinition, RestDefinitionError } from './rest-connector.js';

const orderDesk = parse(readFileSync(new URL('../examples/order-desk.yaml', import.meta.url), 'utf8'));

// biome-ignore lint/suspicious/noExplicitAny: the tests break a parsed YAML document at arbitrary depths.
type Document = Record<string, any>;

/** The problems of the Order Desk example after `change`, one `path: message` line each. */
function problemsAfter(change: (definition: Document) => void): string[] {
  const definition = structuredClone(orderDesk);
  change(definition);
  try {
    parseRestDefinition(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(RestDefinitionError);
    return (error as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  return [];
}

describe('definition validation', () => {
  it('accepts both examples', () => {
    expect(problemsAfter(() => {})).toEqual([]);
    const freshdesk = parse(
      readFileSync(new URL('../examples/freshdesk-tickets.yaml', import.meta.url), 'utf8'),
    );
    expect(parseRestDefinition(freshdesk).interactions.ticket?.pagination?.type).toBe('page');
  });

  it.each<[string, (definition: Document) => void, string]>([
    [
      'an unknown zone',
      (d) => {
        d.interactions.order.map.date = { from: 'placed_at', format: 'yyyy-MM-dd', zone: 'Mars/Base' };
      },
      'interactions.order.map.date.zone: expected an IANA time zone such as "UTC" or "Europe/Lisbon"',
    ],
    [
      'a date that is neither a path nor a spec',
      (d) => {
        d.interactions.order.map.date = 42;
      },
      'interactions.order.map.date: expected a field path, or { from, format: iso8601 | epoch-seconds | epoch-milliseconds | "<Luxon format>", zone }',
    ],
    [
      'a contact field no lookup step keeps',
      (d) => {
        d.interactions.order.request.path = '/customers/{{contact.email}}/orders';
      },
      'interactions.order.request.path: {{contact.email}}: no contact value "email" (available: contact.id)',
    ],
    [
      'a misspelt auth field',
      (d) => {
        d.auth.request = { type: 'bearer', token: '{{auth.apikey}}' };
      },
      'auth.request.token: {{auth.apikey}}: no auth value "apikey" (available: auth.api_key)',
    ],
    [
      'an action input that is not declared',
      (d) => {
        d.actions.create_note.request.body.text = '{{data.txt}}';
      },
      'actions.create_note.request.body.text: {{data.txt}}: no data value "txt" (available: data.text)',
    ],
    [
      'a root not available in a lookup',
      (d) => {
        d.contacts.email.request.path = '/customers/{{record.id}}';
      },
      'contacts.email.request.path: {{record.id}}: "record" is not available here (available: auth.api_key, lookup.emails, lookup.email)',
    ],
    [
      'an unclosed placeholder in a query',
      (d) => {
        d.contacts.email.request.query.email = '{{lookup.email';
      },
      'contacts.email.request.query.email: not a template: "{{" without "}}" in "{{lookup.email"',
    ],
    [
      'an unknown pagination type',
      (d) => {
        d.interactions.order.pagination.type = 'pages';
      },
      'interactions.order.pagination.type: expected type: page, offset, cursor, link-header or next-url',
    ],
    [
      'a status that is not Talkdesk’s',
      (d) => {
        d.interactions.order.map.status.values.shipped = 'done';
      },
      'interactions.order.map.status.values.shipped: Invalid option: expected one of "new"|"open"|"pending"|"solved"|"closed"',
    ],
    [
      'a typo in a key',
      (d) => {
        d.interactions.order.recrods = 'data.orders';
      },
      'interactions.order: Unrecognized key: "recrods"',
    ],
    [
      'a bad field path',
      (d) => {
        d.interactions.order.records = 'data..orders';
      },
      'interactions.order.records: not a field path: "data..orders": empty name before "."',
    ],
    [
      'two per-value lists in one step',
      (d) => {
        d.contacts.phone.request.query = { phone: '{{lookup.phone}}', alt: '{{lookup.phoneSpelling}}' };
      },
      'contacts.phone.request: one request per value walks one list: use only one of {{lookup.phone}}, {{lookup.phoneSpelling}}',
    ],
    [
      'an origin from auth fields without hosts',
      (d) => {
        d.service.origin = 'https://{{auth.api_key}}.example.com';
      },
      'service.hosts: an origin built from auth fields needs host patterns (e.g. ["*.example.com"]) for the host guard',
    ],
    [
      'full-page paging without a size',
      (d) => {
        d.interactions.order.pagination = { type: 'page', param: 'page' };
      },
      'interactions.order.pagination.size: more: full-page needs the page size (size, and sizeParam if the service takes one)',
    ],
    [
      'no interaction type',
      (d) => {
        d.interactions = {};
      },
      'interactions: declare at least one interaction type',
    ],
  ])('names the place of %s', (_case, change, expected) => {
    expect(problemsAfter(change)).toEqual([expected]);
  });
});

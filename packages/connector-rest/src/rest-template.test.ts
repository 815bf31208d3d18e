import { describe, expect, it } from 'vitest';
import { parseDate } from './map-rest-record.js';
import { parsePath, valueAt } from './rest-path.js';
import { buildBody, buildPath, buildQuery } from './rest-request.js';
import { MissingTemplateValueError, parseTemplate, renderText } from './rest-template.js';

const scope = {
  auth: { subdomain: 'acme' },
  contact: { id: 'a/b?c#d', emails: ['a@x.com', 'b@x.com'] },
  lookup: { emails: ['a@x.com', 'b@x.com'], count: 3 },
  data: { subject: 'He said "hi" {{auth.subdomain}}', count: 2, flag: false },
};

describe('field paths', () => {
  it('reads dots, indexes and quoted names; only own properties', () => {
    const value = { data: { orders: [{ id: 7 }], 'odd name': 1 } };
    expect(valueAt(value, parsePath('data.orders[0].id'))).toBe(7);
    expect(valueAt(value, parsePath('data["odd name"]'))).toBe(1);
    expect(valueAt(value, parsePath('$'))).toBe(value);
    expect(valueAt(value, parsePath('data.constructor'))).toBeUndefined();
    expect(valueAt(value, parsePath('data.__proto__'))).toBeUndefined();
    expect(valueAt(value, parsePath('data.orders.id'))).toBeUndefined();
  });

  it.each(['a..b', 'a.', 'a[x]', 'a[0', '.a', 'a b'])('refuses %j', (text) => {
    expect(() => parsePath(text)).toThrow(TypeError);
  });
});

describe('templates', () => {
  it('encodes each value as one path segment and remembers the template', () => {
    expect(buildPath('/contacts/{{contact.id}}/orders', scope)).toEqual({
      path: '/contacts/a%2Fb%3Fc%23d/orders',
      template: '/contacts/{}/orders',
    });
    expect(() => buildPath('/contacts/{{lookup.dot}}', { lookup: { dot: '..' } })).toThrow(
      /not a usable value/,
    );
  });

  it('repeats a query parameter for a list and keeps text as text', () => {
    expect(buildQuery({ email: '{{lookup.emails}}', q: 'in:{{auth.subdomain}}', n: 5 }, scope)).toEqual({
      email: ['a@x.com', 'b@x.com'],
      q: 'in:acme',
      n: 5,
    });
  });

  it('types lone placeholders in a JSON body and never evaluates a value', () => {
    expect(
      buildBody(
        {
          subject: '{{data.subject}}',
          n: '{{data.count}}',
          flag: '{{data.flag}}',
          tags: ['x-{{data.count}}'],
        },
        scope,
      ),
    ).toEqual({ subject: 'He said "hi" {{auth.subdomain}}', n: 2, flag: false, tags: ['x-2'] });
  });

  it('treats a missing or empty value as an error, never as empty text', () => {
    expect(() => renderText(parseTemplate('{{contact.name}}'), scope)).toThrow(MissingTemplateValueError);
    expect(() => renderText(parseTemplate('{{auth.x}}'), { auth: { x: '' } })).toThrow(
      '{{auth.x}} has no value',
    );
  });

  it.each(['{{', '}}', '{{ }}', '{{1abc}}', '{{a.{{b}}}}', '{{a..b}}'])('refuses the template %j', (text) => {
    expect(() => parseTemplate(text)).toThrow(TypeError);
  });

  it('parses a long template in one pass, placeholder by placeholder', () => {
    const long = `${'{{a}}x'.repeat(300)}`;
    expect(parseTemplate(long).parts).toHaveLength(600);
  });
});

describe('dates', () => {
  it.each<[string | number, string, string | undefined, string | undefined]>([
    [1_740_000_500, 'epoch-seconds', undefined, '2025-02-19T21:28:20.000Z'],
    ['1740000500000', 'epoch-milliseconds', undefined, '2025-02-19T21:28:20.000Z'],
    ['2025-03-02T10:38:00+01:00', 'iso8601', undefined, '2025-03-02T09:38:00.000Z'],
    ['2025-03-02T10:38:00', 'iso8601', undefined, '2025-03-02T10:38:00.000Z'],
    ['2025-03-02T10:38:00', 'iso8601', 'Europe/Lisbon', '2025-03-02T10:38:00.000Z'],
    ['2025-07-02T10:38:00', 'iso8601', 'Europe/Lisbon', '2025-07-02T09:38:00.000Z'],
    ['02/07/2025 10:38', 'dd/MM/yyyy HH:mm', 'America/New_York', '2025-07-02T14:38:00.000Z'],
    ['not a date', 'iso8601', undefined, undefined],
    ['12x', 'epoch-seconds', undefined, undefined],
    ['31/02/2025 10:38', 'dd/MM/yyyy HH:mm', undefined, undefined],
  ])('reads %j as %s in %s', (value, format, zone, expected) => {
    const millis = parseDate(value, format, zone);
    expect(millis === undefined ? undefined : new Date(millis).toISOString()).toBe(expected);
  });
});

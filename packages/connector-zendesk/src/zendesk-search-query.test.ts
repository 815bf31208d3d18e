import { describe, expect, it } from 'vitest';
import { phoneSearchValues, searchQuery, searchTerm, storedPhoneMatches } from './zendesk-search-query.js';

describe('searchTerm', () => {
  it('quotes a value as one phrase of its keyword', () => {
    expect(searchTerm('email', 'jane@example.com')).toBe('email:"jane@example.com"');
    expect(searchTerm('email', 'jane doe@example.com')).toBe('email:"jane doe@example.com"');
  });

  it('removes what could close the phrase or escape from it', () => {
    expect(searchTerm('email', 'a" -type:user "b')).toBe('email:"a -type:user b"');
    expect(searchTerm('email', 'a\\"b')).toBe('email:"a b"');
  });

  it('gives nothing for a value with nothing searchable', () => {
    expect(searchTerm('email', ' "" ')).toBeUndefined();
  });

  it('builds the query with its type first', () => {
    expect(searchQuery('user', ['email:"a"', undefined, 'email:"b"'])).toBe('type:user email:"a" email:"b"');
  });
});

describe('phoneSearchValues', () => {
  it('North American numbers: international digits, national digits, the usual groups', () => {
    expect(phoneSearchValues('+15555550100')).toEqual(['15555550100', '5555550100', '555 555 0100']);
  });

  it('elsewhere: international digits, national digits, with the trunk 0', () => {
    expect(phoneSearchValues('+442079460018')).toEqual(['442079460018', '2079460018', '02079460018']);
  });

  it('nothing for a value that is not E.164', () => {
    expect(phoneSearchValues('call me')).toEqual([]);
  });
});

describe('storedPhoneMatches', () => {
  it.each([
    '+15555550100',
    '+1 (555) 555-0100',
    '(555) 555-0100',
    '555.555.0100',
    '1-555-555-0100',
    '+1 555 555 0100 x123',
    '001 555 555 0100',
    '011 1 555 555 0100',
  ])('%s is +15555550100', (stored) => {
    expect(storedPhoneMatches(stored, '+15555550100')).toBe(true);
  });

  it.each(['+1 555 555 0199', '+44 555 555 0100', '555-0100', ''])('%s is not +15555550100', (stored) => {
    expect(storedPhoneMatches(stored, '+15555550100')).toBe(false);
  });

  it('a national spelling with the trunk 0 matches, another country’s international one does not', () => {
    expect(storedPhoneMatches('020 7946 0018', '+442079460018')).toBe(true);
    expect(storedPhoneMatches('+1 207-946-0018', '+442079460018')).toBe(false);
  });
});

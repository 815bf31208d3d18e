import { describe, expect, it } from 'vitest';
import { isEmailAddress, MAX_EMAIL_ADDRESS_LENGTH } from './email-address.js';

describe('isEmailAddress', () => {
  it.each(['jane@example.com', 'jane.doe+tag@mail.example.co.uk', "o'brien@example.ie", 'JANE@EXAMPLE.COM'])(
    'accepts %s',
    (email) => {
      expect(isEmailAddress(email)).toBe(true);
    },
  );

  it.each([
    '',
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'jane@@example.com',
    'jane@exa@mple.com',
    'jane@.example.com',
    'jane@example.com.',
    'jane@example..com',
    'jane doe@example.com',
    'jane@example.com\n',
    'Jane <jane@example.com>',
    '"jane"@example.com',
    'jane@example.com,bob@example.com',
    'jane\u00a0x@example.com',
  ])('refuses %j', (text) => {
    expect(isEmailAddress(text)).toBe(false);
  });

  it('refuses more than 254 characters and a local part over 64', () => {
    const domain = `${'d'.repeat(60)}.example`;
    expect(isEmailAddress(`${'a'.repeat(64)}@${domain}`)).toBe(true);
    expect(isEmailAddress(`${'a'.repeat(65)}@${domain}`)).toBe(false);
    expect(isEmailAddress(`a@${'b'.repeat(MAX_EMAIL_ADDRESS_LENGTH)}.com`)).toBe(false);
  });

  it('answers a megabyte of the shape that stalled the old regexes by looking at its length alone', () => {
    const hostile = `a@${'.'.repeat(1024 * 1024)}@`;
    expect(isEmailAddress(hostile)).toBe(false);
  });
});

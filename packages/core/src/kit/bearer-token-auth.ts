import { z } from 'zod';

/** How one of the two token fields is shown in Talkdesk's configuration, and what a bad value says. */
export interface TokenField {
  title: string;
  description: string;
  /** The message for a blank or non-text value (and, for the typed-in field, for no token at all). */
  expected: string;
}

const MAX_TOKEN_LENGTH = 4_096;

const tokenField = ({ title, description, expected }: TokenField, meta: { type?: 'oauth' } = {}) =>
  z
    .string({ error: expected })
    .trim()
    .min(1, expected)
    .max(MAX_TOKEN_LENGTH)
    .optional()
    .meta({ title, description, ...meta });

/**
 * The auth fields of a service that takes one bearer token, whichever way it was obtained: `access_token`
 * from Talkdesk's OAuth 2.0 flow (marked `type: 'oauth'`; also what integrations set up before the typed-in
 * token had its own field send), or `private_app_token`, typed in (a private app's token). The output is the
 * one token to send, as `access_token`, beside the `extra` fields' outputs. Neither given is an issue on
 * `private_app_token` whose message is `missing`.
 */
export function bearerTokenAuth<TExtra extends z.ZodRawShape = Record<never, never>>(options: {
  oauth: TokenField;
  typed: TokenField;
  missing: string;
  extra?: TExtra;
}) {
  const tokens = z.object({
    access_token: tokenField(options.oauth, { type: 'oauth' }),
    private_app_token: tokenField(options.typed),
  });
  type Tokens = z.output<typeof tokens>;
  type Extra = Omit<z.output<z.ZodObject<TExtra>>, keyof Tokens>;
  return tokens
    .extend(options.extra ?? ({} as TExtra))
    .superRefine((auth, check) => {
      const { access_token, private_app_token } = auth as Tokens;
      if (access_token === undefined && private_app_token === undefined) {
        check.addIssue({ code: 'custom', path: ['private_app_token'], message: options.missing });
      }
    })
    .transform((auth): Extra & { access_token: string } => {
      const { access_token, private_app_token, ...extra } = auth as Tokens & Extra;
      return { ...(extra as Extra), access_token: (access_token ?? private_app_token) as string };
    });
}

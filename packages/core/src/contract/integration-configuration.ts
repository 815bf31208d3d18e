import { z } from 'zod';

/** talkdesk-bridge-spec/configuration.md: what Talkdesk is told when an integration is registered. */
export const authenticationFieldSchema = z.object({
  source: z.enum(['input', 'default', 'auth_validation']),
  display: z.string().min(1),
  mandatory: z.boolean(),
  type: z.enum(['input', 'oauth']),
  store: z.boolean(),
  help: z.string().optional(),
  format: z.string().optional(),
});
export type AuthenticationField = z.infer<typeof authenticationFieldSchema>;

export const integrationConfigurationSchema = z
  .object({
    name: z.string().min(1),
    display_name: z.string().min(1),
    description: z.string().min(1),
    logo_url: z.string().min(1),
    icon_url: z.string().min(1),
    authentication_type: z.enum(['none', 'custom', 'oauth2']),
    /** Each element is a one-key object: `{ "<field name>": { source, display, … } }`. */
    authentication_configuration: z.array(z.record(z.string(), authenticationFieldSchema)).optional(),
    auth_validation_endpoint: z.string().optional(),
    contact_synchronization_endpoint: z.string().optional(),
    interaction_retrieval_endpoint: z.string().optional(),
    agent_synchronization_endpoint: z.string().optional(),
    interaction_types: z.array(z.string()).optional(),
  })
  .refine((config) => config.authentication_type !== 'custom' || config.authentication_configuration, {
    message: 'authentication_configuration is mandatory when authentication_type is "custom"',
    path: ['authentication_configuration'],
  });
export type IntegrationConfiguration = z.infer<typeof integrationConfigurationSchema>;

export const actionConfigurationSchema = z.object({
  provider: z.string().min(1),
  name: z.string().min(1),
  display: z.string().min(1),
  description: z.string().min(1),
  endpoint: z.string().min(1),
  inputs: z.array(z.object({ key: z.string().min(1), name: z.string().min(1), mandatory: z.boolean() })),
});
export type ActionConfiguration = z.infer<typeof actionConfigurationSchema>;

import { z } from 'zod';
import { authFieldsSchema } from './shared.js';

/** talkdesk-bridge-spec/auth-validation.md: 204 when valid, 401 otherwise. */
export const authValidationRequestSchema = z.object({ auth: authFieldsSchema });
export type AuthValidationRequest = z.infer<typeof authValidationRequestSchema>;

/** Optional: auth fields (keys pre-configured with source `auth_validation`) for Talkdesk to store. */
export const authValidationResponseSchema = z.record(z.string(), z.string());
export type AuthValidationResponse = z.infer<typeof authValidationResponseSchema>;

import { z } from 'zod';

// Minimal, tolerant schemas of the Intercom REST API (version 2.15) answers this connector reads: only the
// fields it uses, nullish wherever Intercom may leave a value out.

/** Intercom ids are strings in 2.x; accept a number too rather than fail a whole answer over it. */
const idSchema = z.union([z.string(), z.number()]).transform(String);

/** Unix time in seconds, as Intercom sends every `*_at` field. */
const epochSecondsSchema = z.number().nullish();

/**
 * `pages` of a search or list answer. Search answers give `next: {starting_after}` (cursor pages); older
 * list answers give a URL, which this connector does not follow.
 */
const pagesSchema = z
  .object({
    next: z.union([z.object({ starting_after: z.string().nullish() }), z.string()]).nullish(),
  })
  .nullish();

export const intercomContactSchema = z.object({
  id: idSchema,
  /** The workspace (app) id: the agent UI's URLs are built from it. */
  workspace_id: z.string().nullish(),
  /** user | lead */
  role: z.string().nullish(),
  /** Summary of the contact's notes: `total_count` 0 spares the notes call. */
  notes: z.object({ total_count: z.number().nullish() }).nullish(),
});
export type IntercomContact = z.output<typeof intercomContactSchema>;

/** `POST /contacts/search`. */
export const intercomContactListSchema = z.object({
  data: z.array(intercomContactSchema).nullish(),
});

export const intercomConversationSchema = z.object({
  id: idSchema,
  title: z.string().nullish(),
  created_at: epochSecondsSchema,
  /** open | closed | snoozed */
  state: z.string().nullish(),
  /** priority | not_priority */
  priority: z.string().nullish(),
  source: z
    .object({
      subject: z.string().nullish(),
      /** HTML. */
      body: z.string().nullish(),
    })
    .nullish(),
});
export type IntercomConversation = z.output<typeof intercomConversationSchema>;

/** `POST /conversations/search`. */
export const intercomConversationListSchema = z.object({
  conversations: z.array(intercomConversationSchema).nullish(),
  pages: pagesSchema,
});

export const intercomTicketSchema = z.object({
  id: idSchema,
  /** The number agents and customers see (`#40`); not for API calls. */
  ticket_id: idSchema.nullish(),
  /** `_default_title_`, `_default_description_` and the ticket type's own attributes. */
  ticket_attributes: z.record(z.string(), z.unknown()).nullish(),
  /** An object since 2.10 (`category` submitted | in_progress | waiting_on_customer | resolved); text before. */
  ticket_state: z
    .union([z.object({ category: z.string().nullish(), internal_label: z.string().nullish() }), z.string()])
    .nullish(),
  ticket_type: z.object({ name: z.string().nullish() }).nullish(),
  created_at: epochSecondsSchema,
});
export type IntercomTicket = z.output<typeof intercomTicketSchema>;

/** `POST /tickets/search`. */
export const intercomTicketListSchema = z.object({
  tickets: z.array(intercomTicketSchema).nullish(),
  pages: pagesSchema,
});

export const intercomNoteSchema = z.object({
  id: idSchema,
  created_at: epochSecondsSchema,
  /** HTML. */
  body: z.string().nullish(),
  author: z.object({ name: z.string().nullish() }).nullish(),
});
export type IntercomNote = z.output<typeof intercomNoteSchema>;

/** `GET /contacts/{id}/notes`. */
export const intercomNoteListSchema = z.object({
  data: z.array(intercomNoteSchema).nullish(),
});

/** The cursor of the next page of a search answer, if there is one. */
export function nextCursorOf(pages: z.output<typeof pagesSchema>): string | undefined {
  const next = pages?.next;
  if (!next || typeof next === 'string') return undefined;
  return next.starting_after ?? undefined;
}

/** `GET /me`: the admin the token belongs to (read only to prove the token works). */
export const intercomMeSchema = z.object({
  type: z.string().nullish(),
  id: idSchema.nullish(),
});

/** A contact as contact synchronization reads it: every field Talkdesk has a place for. */
export const intercomSyncedContactSchema = z.object({
  id: idSchema,
  workspace_id: z.string().nullish(),
  /** user | lead */
  role: z.string().nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  /** Free text, as typed into Intercom. */
  phone: z.string().nullish(),
  /** An object with `image_url` in 2.x; a URL in some older answers. */
  avatar: z.union([z.object({ image_url: z.string().nullish() }), z.string()]).nullish(),
  location: z
    .object({ city: z.string().nullish(), region: z.string().nullish(), country: z.string().nullish() })
    .nullish(),
  social_profiles: z
    .object({
      data: z.array(z.object({ name: z.string().nullish(), url: z.string().nullish() })).nullish(),
    })
    .nullish(),
  /** Unix seconds; the synchronization is ordered by it. */
  updated_at: z.number(),
});
export type IntercomSyncedContact = z.output<typeof intercomSyncedContactSchema>;

/** `POST /contacts/search` for contact synchronization. */
export const intercomSyncedContactListSchema = z.object({
  data: z.array(intercomSyncedContactSchema).nullish(),
  pages: pagesSchema,
});

export const intercomAdminSchema = z.object({
  id: idSchema,
  name: z.string().nullish(),
  email: z.string().nullish(),
});
export type IntercomAdmin = z.output<typeof intercomAdminSchema>;

/** `GET /admins`: every teammate of the workspace, in one answer (the endpoint has no paging). */
export const intercomAdminListSchema = z.object({
  admins: z.array(intercomAdminSchema).nullish(),
});

/** `GET /ticket_types`. */
export const intercomTicketTypeListSchema = z.object({
  data: z
    .array(
      z.object({
        id: idSchema,
        name: z.string().nullish(),
        /** Customer | Back-office | Tracker */
        category: z.string().nullish(),
        archived: z.boolean().nullish(),
      }),
    )
    .nullish(),
});

/** `POST /tickets`: the created ticket. */
export const intercomCreatedTicketSchema = z.object({
  id: idSchema,
  /** The number agents and customers see (`#33`). */
  ticket_id: idSchema.nullish(),
  ticket_type: z.object({ workspace_id: z.string().nullish() }).nullish(),
  contacts: z.object({ contacts: z.array(z.object({ id: idSchema })).nullish() }).nullish(),
});

/**
 * Intercom's refusal (`type: error.list`). Only the first error's `code` is read, and only when it is a plain
 * identifier (`parameter_invalid`, `not_found`…): the messages may repeat the request's data.
 */
export const intercomErrorBodySchema = z.object({
  errors: z
    .array(
      z.object({
        code: z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,63}$/)
          .nullish()
          .catch(undefined),
      }),
    )
    .nullish()
    .catch(undefined),
});
export type IntercomErrorBody = z.output<typeof intercomErrorBodySchema>;

# @talkbridge/connector-__id__

A talkbridge connector for __DISPLAY__: finds the Talkdesk contact among the account's contacts and returns
the tickets they raised, as Talkdesk interactions of type `ticket`.

```sh
npm install @talkbridge/connector-__id__ @talkbridge/core zod
```

```js
// ESM only (`"type": "module"` or a .mjs file); Node.js ≥ 20.19.
import { retrieveInteractions } from '@talkbridge/core';
import { __name__ } from '@talkbridge/connector-__id__';

const interactions = await retrieveInteractions(__name__, {
  auth: { subdomain: 'acme', api_token: process.env.__CONST___API_TOKEN },
  meta: { interaction_types: ['ticket'] },
  data: { contact_emails: ['jane.doe@example.com'] },
});
```

The package is ESM-only. On Node.js ≥ 20.19 a CommonJS file can load it with `require()` too; `zod` is a
peer dependency (the connector's auth and settings schemas are zod schemas), so your project and this
package share one copy. Running many integrations behind one HTTP endpoint is what the talkbridge gateway
does.

<!-- TODO(__id__): everything below describes the placeholder API the generator wrote; describe the vendor's. -->

## Auth fields

| field | what it is |
| --- | --- |
| `subdomain` | the part before `.__id__.example.com` in the account's address |
| `api_token` | an API token, sent as `Authorization: Bearer …` |

The origin built from `subdomain` must be under `*.__id__.example.com`; anything else is refused
(`host_not_allowed`) before a connection is made. An operator's `baseUrl` replaces the origin (a
self-hosted instance, a test fake).

## Interaction types and mappings

`ticket`, dated by its creation, linked to `{origin}/tickets/{id}`.

| __DISPLAY__ status | Talkdesk | | __DISPLAY__ priority | Talkdesk |
| --- | --- | --- | --- | --- |
| `new`, `open` | `open` | | `low` | `low` |
| `pending` | `pending` | | `normal` | `normal` |
| `solved` | `solved` | | `high` | `high` |
| `closed` | `closed` | | `urgent` | `urgent` |

Unknown values map to `open` and `none` (logged once); `statusMap` / `priorityMap` in the integration's
options override the tables.

## Calls per retrieval

Contact resolution: `GET /api/v1/contacts/{id}` for the external id, one `GET /api/v1/contacts?email=…`
for all emails, one `GET /api/v1/contacts?phone=…` for all phones, each only when the step before found
nobody. Then one `GET /api/v1/contacts/{id}/tickets?per_page=…` per contact found.

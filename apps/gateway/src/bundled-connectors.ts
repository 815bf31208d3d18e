import { freshdesk } from '@talkbridge/connector-freshdesk';
import { helpscout } from '@talkbridge/connector-helpscout';
import { hubspot } from '@talkbridge/connector-hubspot';
import { intercom } from '@talkbridge/connector-intercom';
import { pipedrive } from '@talkbridge/connector-pipedrive';
import { postgres } from '@talkbridge/connector-postgres';
import { rest } from '@talkbridge/connector-rest';
import { salesforce } from '@talkbridge/connector-salesforce';
import { sandbox } from '@talkbridge/connector-sandbox';
import { zendesk } from '@talkbridge/connector-zendesk';
import { zohoCrm } from '@talkbridge/connector-zoho-crm';
import type { AnyConnector } from '@talkbridge/core';

/**
 * Every connector this gateway ships with; without a config file each is served under its own id, except
 * those that need the operator's options: `rest` needs a definition, `postgres` a database and its queries.
 * The sandbox is the embedded default: it needs no account.
 */
export const bundledConnectors: readonly AnyConnector[] = [
  sandbox,
  zendesk,
  freshdesk,
  intercom,
  helpscout,
  hubspot,
  salesforce,
  pipedrive,
  zohoCrm,
  postgres,
  rest,
];

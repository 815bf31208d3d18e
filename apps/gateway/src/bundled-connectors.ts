import { freshdesk } from '@talkbridge/connector-freshdesk';
import { helpscout } from '@talkbridge/connector-helpscout';
import { hubspot } from '@talkbridge/connector-hubspot';
import { intercom } from '@talkbridge/connector-intercom';
import { pipedrive } from '@talkbridge/connector-pipedrive';
import { postgres } from '@talkbridge/connector-postgres';
import { salesforce } from '@talkbridge/connector-salesforce';
import { sandbox } from '@talkbridge/connector-sandbox';
import { zendesk } from '@talkbridge/connector-zendesk';
import { zohoCrm } from '@talkbridge/connector-zoho-crm';
import type { AnyConnector } from '@talkbridge/core';

/**
 * Every connector this gateway ships with; without a config file each is served under its own id.
 * The sandbox is the embedded default: it needs no account. PostgreSQL needs the operator's database and
 * queries, so it is served only where a config file configures it.
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
];

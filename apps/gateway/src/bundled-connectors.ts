import { sandbox } from '@talkbridge/connector-sandbox';
import type { AnyConnector } from '@talkbridge/core';

/** Every connector this gateway ships with, by connector id. The sandbox is the embedded default. */
export const bundledConnectors: readonly AnyConnector[] = [sandbox];

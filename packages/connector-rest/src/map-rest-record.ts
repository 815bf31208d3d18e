// Pure mapping of a vendor record to Talkdesk's fields, as the definition's `map` says.
import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
  type ValueMapper,
} from '@talkbridge/core';
import { DateTime } from 'luxon';
import {
  type DateMapping,
  type InteractionMapping,
  isDateKeyword,
  type SourcesDefinition,
} from './rest-definition.js';
import { parsePath, valueAt } from './rest-path.js';
import { MissingTemplateValueError, parseTemplate, renderText, type TemplateScope } from './rest-template.js';

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The first source that yields a value: a path into the record, a template (a missing value moves on to
 * the next source), or a constant. Empty text counts as no value.
 */
export function resolveSources(sources: SourcesDefinition, scope: TemplateScope): Scalar | undefined {
  const list = Array.isArray(sources) ? sources : [sources];
  for (const source of list) {
    let value: unknown;
    if (typeof source === 'string') value = valueAt(scope.record, parsePath(source));
    else if ('path' in source) value = valueAt(scope.record, parsePath(source.path));
    else if ('template' in source) {
      try {
        value = renderText(parseTemplate(source.template), scope);
      } catch (error) {
        if (error instanceof MissingTemplateValueError) continue;
        throw error;
      }
    } else value = source.value;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (isScalar(value)) return value;
  }
  return undefined;
}

/** The instant a vendor date stands for, in epoch ms, read as the definition declares; undefined if none. */
export function parseDate(
  value: Scalar | undefined,
  format: string,
  zone: string | undefined,
): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const text = String(value).trim();
  if (format === 'epoch-seconds' || format === 'epoch-milliseconds') {
    if (!/^-?\d{1,16}(\.\d+)?$/.test(text)) return undefined;
    return Math.round(Number(text) * (format === 'epoch-seconds' ? 1000 : 1));
  }
  if (isDateKeyword(format)) {
    // ISO 8601; an offset-less time is UTC unless the definition names a zone.
    const parsed = DateTime.fromISO(text, { zone: zone ?? 'UTC', setZone: true });
    return parsed.isValid ? parsed.toMillis() : undefined;
  }
  if (text.length > 100) return undefined;
  const parsed = DateTime.fromFormat(text, format, { zone: zone ?? 'UTC' });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

export function mapDate(mapping: DateMapping, scope: TemplateScope): number | undefined {
  return parseDate(resolveSources(mapping.from, scope), mapping.format, mapping.zone);
}

export interface InteractionMappers {
  status: ValueMapper<InteractionStatus>;
  priority: ValueMapper<InteractionPriority>;
}

/** The status and priority tables of one interaction type, with their defaults. */
export function createInteractionMappers(
  type: string,
  map: InteractionMapping,
  log: BridgeLogger,
): InteractionMappers {
  return {
    status: createValueMapper({
      name: `rest.${type}.status`,
      defaults: map.status.values,
      fallback: map.status.default,
      log,
    }),
    priority: createValueMapper({
      name: `rest.${type}.priority`,
      defaults: map.priority.values,
      fallback: map.priority.default,
      log,
    }),
  };
}

const asNative = (value: Scalar | undefined) => (typeof value === 'boolean' ? String(value) : value);

/**
 * One record as a Talkdesk interaction, or undefined when it has no id or subject (logged by the caller).
 * A date that cannot be read is left empty: core skips that interaction and says so in the log.
 */
export function mapInteractionRecord(
  map: InteractionMapping,
  scope: TemplateScope,
  mappers: InteractionMappers,
): ConnectorInteraction | undefined {
  const id = resolveSources(map.id, scope);
  const subject = resolveSources(map.subject, scope);
  if (id === undefined || subject === undefined) return undefined;
  const descriptionSpec =
    map.description === undefined
      ? undefined
      : typeof map.description === 'object' && !Array.isArray(map.description) && 'from' in map.description
        ? map.description
        : { from: map.description as SourcesDefinition, html: true };
  const rawDescription = descriptionSpec ? resolveSources(descriptionSpec.from, scope) : undefined;
  const description =
    rawDescription === undefined
      ? undefined
      : descriptionSpec?.html
        ? plainTextPreview(String(rawDescription))
        : plainTextPreview(String(rawDescription).replace(/</g, '‹'))?.replace(/‹/g, '<');
  const url = map.url === undefined ? undefined : resolveSources(map.url, scope);
  const date = mapDate(map.date, scope);
  return {
    id: String(id),
    subject: String(subject).trim(),
    ...(description ? { description } : {}),
    date: date ?? '',
    ...(url !== undefined ? { url: String(url) } : {}),
    status: mappers.status(asNative(resolveSources(map.status.from, scope))),
    priority: mappers.priority(asNative(resolveSources(map.priority.from, scope))),
  };
}

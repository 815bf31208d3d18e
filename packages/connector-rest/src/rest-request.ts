// Sends a declared request through core's HTTP client (deadline, retries, rate limits, redaction, size cap)
// and reads records out of the answers, page after page.
import {
  BridgeError,
  type ConnectorContext,
  collectPages,
  type HttpResponse,
  nextLinkFrom,
  type UrlPath,
} from '@talkbridge/core';
import { z } from 'zod';
import type { PaginationDefinition, RequestDefinition } from './rest-definition.js';
import { formatPath, type PathSegment, parsePath, valueAt } from './rest-path.js';
import {
  MissingTemplateValueError,
  parseTemplate,
  renderText,
  renderValue,
  soleReference,
  type TemplateScope,
} from './rest-template.js';

export type RestContext = ConnectorContext<
  Record<string, string | undefined>,
  { baseUrl?: string | undefined }
>;

const anyJson = z.unknown();

/** What a missing template value means where it happened: whose mistake, in which words. */
export type MissingValueError = (error: MissingTemplateValueError) => BridgeError;

export const missingUpstreamValue: MissingValueError = (error) =>
  new BridgeError(
    'upstream_invalid_response',
    `The service's answer has no value for ${error.message.replace(/ has no value$/, '')}`,
  );

/** One path segment: encoded whole, and never a `.`/`..` that URL parsing would resolve. */
function pathSegment(text: string): string {
  if (text === '.' || text === '..') {
    throw new BridgeError('invalid_request', `"${text}" is not a usable value in a service URL`);
  }
  return encodeURIComponent(text);
}

/** The request's path (values encoded) and its template (`{}` for each value) for logs and metrics. */
export function buildPath(pathTemplate: string, scope: TemplateScope): UrlPath {
  const template = parseTemplate(pathTemplate);
  return {
    path: renderText(template, scope, pathSegment),
    template: template.parts.map((part) => (typeof part === 'string' ? part : '{}')).join(''),
  };
}

type QueryValue = string | number | boolean | (string | number)[];

export function buildQuery(
  query: RequestDefinition['query'],
  scope: TemplateScope,
): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [name, raw] of Object.entries(query ?? {})) {
    if (typeof raw !== 'string') {
      out[name] = raw;
      continue;
    }
    const template = parseTemplate(raw);
    const value = soleReference(template) ? renderValue(template, scope) : renderText(template, scope);
    // A lone placeholder holding a list repeats the parameter: `?email=a&email=b`.
    out[name] = Array.isArray(value)
      ? value.map((item) => String(item))
      : (value as string | number | boolean);
    if (typeof out[name] === 'object' && !Array.isArray(out[name])) {
      throw new BridgeError('internal', `Query parameter ${name} would be an object`);
    }
  }
  return out;
}

export function buildBody(body: unknown, scope: TemplateScope): unknown {
  if (typeof body === 'string') return renderValue(parseTemplate(body), scope);
  if (Array.isArray(body)) return body.map((item) => buildBody(item, scope));
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, buildBody(value, scope)]));
  }
  return body;
}

export interface SendOptions {
  /** Extra query parameters (paging). */
  query?: Record<string, QueryValue>;
  /** An absolute URL to GET instead (a next-page link), same origin only (core refuses others). */
  url?: string;
  /** A 404 means "nothing here" (lookups), not a failure. */
  allowNotFound?: boolean;
  onMissing: MissingValueError;
}

/** Sends one declared request; the answer's JSON is returned unvalidated, to be read by paths. */
export async function sendRequest(
  ctx: RestContext,
  request: RequestDefinition,
  scope: TemplateScope,
  options: SendOptions,
): Promise<HttpResponse<unknown> | undefined> {
  let target: string | UrlPath;
  let httpOptions: Parameters<RestContext['http']['request']>[2];
  try {
    if (options.url) {
      target = options.url;
      httpOptions = { schema: anyJson, ...headersOf(request, scope) };
    } else {
      target = buildPath(request.path, scope);
      const query = { ...buildQuery(request.query, scope), ...options.query };
      httpOptions = {
        schema: anyJson,
        query,
        ...headersOf(request, scope),
        ...(request.body !== undefined ? { json: buildBody(request.body, scope) } : {}),
        ...(request.readOnly ? { readOnly: true } : {}),
      };
    }
  } catch (error) {
    if (error instanceof MissingTemplateValueError) throw options.onMissing(error);
    throw error;
  }
  const method = options.url ? 'GET' : request.method;
  if (options.allowNotFound && method === 'GET') {
    const data = await ctx.http.getIfExists(target, httpOptions);
    return data === undefined ? undefined : { status: 200, headers: new Headers(), data };
  }
  return ctx.http.request(method, target, httpOptions);
}

function headersOf(request: RequestDefinition, scope: TemplateScope): { headers?: Record<string, string> } {
  if (!request.headers) return {};
  return {
    headers: Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name, renderText(parseTemplate(value), scope)]),
    ),
  };
}

/** The records of an answer: the list at `path`; anything else is the service breaking its own shape. */
export function recordsAt(data: unknown, path: string): Record<string, unknown>[] {
  const segments = parsePath(path);
  const list = valueAt(data, segments);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw new BridgeError('upstream_invalid_response', `The answer's ${formatPath(segments)} is not a list`);
  }
  return list.filter(
    (item): item is Record<string, unknown> => !!item && typeof item === 'object' && !Array.isArray(item),
  );
}

/** Where the next page starts, kept as text so a sync cursor can carry it. */
export type PageCursor = string | number;

export interface PagedRequest {
  request: RequestDefinition;
  scope: TemplateScope;
  pagination: PaginationDefinition | undefined;
  records: string;
  onMissing: MissingValueError;
  /** The service origin, to make a relative next URL absolute. */
  origin: string;
}

/** One page: its records and where the next one starts (undefined on the last). */
export async function fetchPage(
  ctx: RestContext,
  paged: PagedRequest,
  cursor: PageCursor | undefined,
): Promise<{ items: Record<string, unknown>[]; next: PageCursor | undefined }> {
  const { pagination } = paged;
  const query: Record<string, QueryValue> = {};
  let url: string | undefined;
  if (pagination) {
    switch (pagination.type) {
      case 'page':
        query[pagination.param] = cursor ?? pagination.start;
        break;
      case 'offset':
        query[pagination.param] = cursor ?? 0;
        break;
      case 'cursor':
        if (cursor !== undefined) query[pagination.param] = cursor;
        break;
      case 'link-header':
      case 'next-url':
        if (cursor !== undefined) url = String(cursor);
        break;
    }
    if ('sizeParam' in pagination && pagination.sizeParam && pagination.size !== undefined) {
      query[pagination.sizeParam] = pagination.size;
    }
  }
  const answer = await sendRequest(ctx, paged.request, paged.scope, {
    query,
    ...(url ? { url } : {}),
    onMissing: paged.onMissing,
  });
  if (!answer) return { items: [], next: undefined };
  const items = recordsAt(answer.data, paged.records);
  return {
    items,
    next: pagination ? nextCursor(pagination, answer, items, cursor, paged.origin) : undefined,
  };
}

function hasMore(
  more: 'full-page' | 'link-header' | { path: string },
  answer: HttpResponse<unknown>,
  items: unknown[],
  size: number | undefined,
): boolean {
  if (more === 'full-page') return size !== undefined && items.length >= size;
  if (more === 'link-header') return nextLinkFrom(answer.headers.get('link')) !== undefined;
  return valueAt(answer.data, parsePath(more.path)) === true;
}

function nextCursor(
  pagination: PaginationDefinition,
  answer: HttpResponse<unknown>,
  items: unknown[],
  cursor: PageCursor | undefined,
  origin: string,
): PageCursor | undefined {
  switch (pagination.type) {
    case 'page': {
      const current = typeof cursor === 'number' ? cursor : pagination.start;
      return hasMore(pagination.more, answer, items, pagination.size) ? current + 1 : undefined;
    }
    case 'offset': {
      const current = typeof cursor === 'number' ? cursor : 0;
      return hasMore(pagination.more, answer, items, pagination.size) ? current + items.length : undefined;
    }
    case 'cursor': {
      const next = valueAt(answer.data, parsePath(pagination.cursor));
      return typeof next === 'string' && next !== ''
        ? next
        : typeof next === 'number'
          ? String(next)
          : undefined;
    }
    case 'link-header':
      return absoluteUrl(nextLinkFrom(answer.headers.get('link')), origin);
    case 'next-url': {
      const next = valueAt(answer.data, parsePath(pagination.next));
      return absoluteUrl(typeof next === 'string' && next !== '' ? next : undefined, origin);
    }
  }
}

/** A relative next link read against the service origin; core's client refuses any other origin. */
function absoluteUrl(link: string | undefined, origin: string): string | undefined {
  if (link === undefined) return undefined;
  try {
    return new URL(link, origin).href;
  } catch {
    throw new BridgeError('upstream_invalid_response', 'The service gave a next-page link that is not a URL');
  }
}

/** Every record, page after page, until `ctx.limit`, the last page, `maxPages`, or the deadline. */
export function collectRecords(
  ctx: RestContext,
  paged: PagedRequest,
  maxPages: number,
): Promise<Record<string, unknown>[]> {
  return collectPages((cursor: PageCursor | undefined) => fetchPage(ctx, paged, cursor), {
    limit: ctx.limit,
    deadline: ctx.deadline,
    maxPages: paged.pagination ? maxPages : 1,
    log: ctx.log,
  });
}

/** Runs `work` over `items` with at most `concurrency` at a time, results in order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export type { PathSegment };

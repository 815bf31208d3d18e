import { BridgeError } from '@talkbridge/core';
import type { MiddlewareHandler } from 'hono';

/**
 * POST hooks take `application/json` only (any parameters, e.g. a charset). A browser may send `text/plain`,
 * form or multipart bodies to any address without asking first: refusing them keeps a web page inside the
 * network from calling the gateway.
 */
export const requireJsonContentType: MiddlewareHandler = async (c, next) => {
  const contentType = c.req.header('content-type') ?? '';
  const mediaType = contentType.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new BridgeError(
      'unsupported_media_type',
      'Request body must be JSON with "Content-Type: application/json"',
    );
  }
  return next();
};

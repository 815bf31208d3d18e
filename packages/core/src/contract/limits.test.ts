import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { assertJsonDepth, MAX_JSON_DEPTH } from './limits.js';

/** The BridgeError `run` throws; the test fails if it returns or throws anything else. */
function bridgeErrorOf(run: () => unknown): BridgeError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(BridgeError.isInstance(thrown), 'expected a BridgeError').toBe(true);
  return thrown as BridgeError;
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? [value] : { deeper: value };
  return value;
}

describe('assertJsonDepth', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and scalars`, () => {
    expect(assertJsonDepth(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(assertJsonDepth('text')).toBeUndefined();
    expect(assertJsonDepth(null)).toBeUndefined();
  });

  it('refuses one level more, naming where it went too deep', () => {
    const error = bridgeErrorOf(() => assertJsonDepth({ data: { list: [nested(MAX_JSON_DEPTH)] } }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/^data\.list\[0\](\[0\]|\.deeper)+: nested deeper than 32 levels$/);
    expect(error.issues?.[0]?.path).toBe(error.message.split(':')[0]);
  });

  it('walks 500,000 levels without overflowing the stack (it stops at the first level too deep)', () => {
    const deep = JSON.parse(`${'['.repeat(500_000)}${']'.repeat(500_000)}`);
    expect(bridgeErrorOf(() => assertJsonDepth(deep, MAX_JSON_DEPTH, 'auth')).code).toBe('invalid_request');
  });
});

import type { BridgeLogger } from '@talkbridge/core';

export interface CapturedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

/** A BridgeLogger that keeps every line, so tests can assert what was (and was not) logged. */
export function createCaptureLogger(): BridgeLogger & { lines: CapturedLine[]; text(): string } {
  const lines: CapturedLine[] = [];
  const at =
    (level: CapturedLine['level']) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, message, fields });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () =>
      lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.fields)}`).join('\n'),
  };
}

/** A date as a vendor sends it: ISO 8601 text, epoch milliseconds, or a Date. */
export type DateInput = string | number | Date;

/**
 * Formats a date as `YYYY-MM-DD HH:MM:SS UTC`, the format of the spec's examples. Accepts ISO 8601 with any
 * offset, epoch milliseconds, and text already in Talkdesk's format. Returns undefined for anything that
 * is not a real instant, so the caller decides what a missing date means.
 */
export function toTalkdeskDate(input: DateInput | null | undefined): string | undefined {
  const time = toEpochMillis(input);
  if (time === undefined) return undefined;
  const iso = new Date(time).toISOString();
  // Years outside 0000–9999 come out as `+010000-…`: not a date Talkdesk can read.
  if (!/^\d{4}-/.test(iso)) return undefined;
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

/** The instant a vendor date stands for, in epoch ms (offset-less ISO text read as UTC); undefined if none. */
export function toEpochMillis(input: DateInput | null | undefined): number | undefined {
  if (input === null || input === undefined || input === '') return undefined;
  const date =
    input instanceof Date ? input : new Date(typeof input === 'string' ? normaliseText(input) : input);
  const time = date.getTime();
  return Number.isNaN(time) ? undefined : time;
}

/**
 * `2012-11-21 17:53:51 UTC` is not something Date parses everywhere; make it ISO first. ISO date-times
 * without an offset would be read in the process's time zone: vendors that omit it mean UTC.
 */
function normaliseText(text: string): string {
  const trimmed = text.trim();
  const talkdesk = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/.exec(trimmed);
  if (talkdesk) return `${talkdesk[1]}T${talkdesk[2]}Z`;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed))
    return `${trimmed.replace(' ', 'T')}Z`;
  return trimmed;
}

/** Milliseconds since the epoch of a Talkdesk-formatted date, for sorting. */
export function talkdeskDateToMillis(date: string): number {
  return new Date(normaliseText(date)).getTime();
}

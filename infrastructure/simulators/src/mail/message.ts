// What the mail catcher keeps of each message: the parsed fields tests assert on, flattened to
// plain JSON, plus the SMTP envelope (which also names Bcc recipients the headers hide).
import type { AddressObject, HeaderValue, ParsedMail } from 'mailparser';

export interface CapturedMessage {
  id: string;
  messageId: string | null;
  from: string | null;
  /** Addresses from the To header (the envelope recipients when there is none). */
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Lower-case header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  envelope: { mailFrom: string | null; rcptTo: string[] };
  /** Epoch milliseconds, like every other timestamp the simulators return. */
  receivedAt: number;
}

export interface Envelope {
  mailFrom: string | null;
  rcptTo: string[];
}

export interface MessageFilter {
  to?: string;
  subject?: string;
  orderId?: string;
}

export function toCapturedMessage(
  parsed: ParsedMail,
  envelope: Envelope,
  id: string,
  receivedAt: number,
): CapturedMessage {
  const to = addresses(parsed.to);
  return {
    id,
    messageId: parsed.messageId ?? null,
    from: addresses(parsed.from)[0] ?? envelope.mailFrom,
    to: to.length > 0 ? to : envelope.rcptTo,
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers: flattenHeaders(parsed.headers),
    envelope,
    receivedAt,
  };
}

/**
 * `to` matches any recipient address exactly (ignoring case); `subject` is a case-insensitive
 * substring; `orderId` matches the X-Order-Id header or appears in the text.
 */
export function matches(message: CapturedMessage, filter: MessageFilter): boolean {
  if (filter.to !== undefined) {
    const wanted = filter.to.toLowerCase();
    const recipients = [...message.to, ...message.cc, ...message.envelope.rcptTo].map((address) =>
      address.toLowerCase(),
    );
    if (!recipients.includes(wanted)) return false;
  }
  if (filter.subject !== undefined && !message.subject.toLowerCase().includes(filter.subject.toLowerCase()))
    return false;
  if (filter.orderId !== undefined) {
    const header = message.headers['x-order-id'];
    if (header !== filter.orderId && !message.text.includes(filter.orderId)) return false;
  }
  return true;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const result: string[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (entry.address) result.push(entry.address);
      if (entry.group) visit(entry.group);
    }
  };
  for (const object of objects) visit(object.value);
  return result;
}

function flattenHeaders(headers: Map<string, HeaderValue>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of headers) flat[name.toLowerCase()] = headerText(value);
  return flat;
}

/** mailparser decodes well-known headers into objects; tests want the text a person would read. */
function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return (value as HeaderValue[]).map(headerText).join(', ');
  if ('text' in value) return value.text;
  const params = Object.entries(value.params ?? {}).map(([key, param]) => `; ${key}=${param}`);
  return `${value.value}${params.join('')}`;
}

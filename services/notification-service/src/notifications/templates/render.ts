// Renders an email's content twice: plain text for any client, HTML for the rest. Every value in the
// HTML goes through escapeHtml, because names, notes, carriers and product ids come from outside and
// a customer called `<script>` must read their name, not run it.
import type { MilestoneNotice, OrderSnapshot } from '../milestones';
import { formatMoney } from '@kot/service-kit';
import { composeContent, type EmailContent } from './content';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

const SIGN_OFF = 'Thank you for shopping with us,\nKafka Order Tracking';
const FOOTER = 'You are receiving this email because you placed an order with Kafka Order Tracking.';

interface ItemRow {
  product: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
}

function itemRows(order: OrderSnapshot): ItemRow[] {
  return order.items.map((item) => ({
    product: item.productId,
    quantity: item.quantity,
    unitPrice: formatMoney(item.unitPriceMinor, order.currency),
    lineTotal: formatMoney(item.unitPriceMinor * item.quantity, order.currency),
  }));
}

function textItems(order: OrderSnapshot): string[] {
  const rows = itemRows(order).map(
    (row) => `  ${row.quantity} × ${row.product} at ${row.unitPrice} = ${row.lineTotal}`,
  );
  return ['Your items:', ...rows, `  Total: ${formatMoney(order.totalMinor, order.currency)}`, ''];
}

export function renderText(content: EmailContent, order: OrderSnapshot): string {
  const facts = content.facts.map((fact) => `${fact.label}: ${fact.value}`);
  const items = content.showItems ? textItems(order) : [];
  return [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...facts,
    '',
    ...items,
    SIGN_OFF,
    '',
    '--',
    FOOTER,
    '',
  ].join('\n');
}

function htmlItems(order: OrderSnapshot): string {
  const cell = 'style="padding:4px 8px;border-bottom:1px solid #eee"';
  const rows = itemRows(order).map(
    (row) =>
      `<tr><td ${cell}>${escapeHtml(row.product)}</td><td ${cell} align="right">${row.quantity}</td><td ${cell} align="right">${escapeHtml(row.unitPrice)}</td><td ${cell} align="right">${escapeHtml(row.lineTotal)}</td></tr>`,
  );
  const total = `<tr><td colspan="3" style="padding:4px 8px" align="right"><strong>Total</strong></td><td style="padding:4px 8px" align="right"><strong>${escapeHtml(formatMoney(order.totalMinor, order.currency))}</strong></td></tr>`;
  const head =
    '<tr><th align="left">Product</th><th align="right">Qty</th><th align="right">Unit price</th><th align="right">Amount</th></tr>';
  return `<table role="presentation" cellspacing="0" style="border-collapse:collapse;margin:16px 0">${head}${rows.join('')}${total}</table>`;
}

export function renderHtml(content: EmailContent, order: OrderSnapshot): string {
  const paragraphs = content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
  const facts = content.facts
    .map(
      (fact) =>
        `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(fact.label)}</td><td><strong>${escapeHtml(fact.value)}</strong></td></tr>`,
    )
    .join('');
  const signOff = SIGN_OFF.split('\n').map(escapeHtml).join('<br>');
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:600px;margin:0 auto;padding:16px">',
    `<h1 style="font-size:20px">${escapeHtml(content.heading)}</h1>`,
    `<p>${escapeHtml(content.greeting)}</p>${paragraphs}`,
    `<table role="presentation" style="margin:16px 0">${facts}</table>`,
    content.showItems ? htmlItems(order) : '',
    `<p>${signOff}</p>`,
    `<p style="font-size:12px;color:#888">${escapeHtml(FOOTER)}</p>`,
    '</body></html>',
  ].join('\n');
}

/** Subject, text and HTML for one milestone of one order. Pure: same input, same bytes. */
export function renderEmail(order: OrderSnapshot, notice: MilestoneNotice): RenderedEmail {
  const content = composeContent(order, notice);
  return { subject: content.subject, text: renderText(content, order), html: renderHtml(content, order) };
}

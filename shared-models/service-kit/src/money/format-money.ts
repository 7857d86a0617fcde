// Amounts travel as integer minor units; only an edge that shows them to a person turns them into
// text. The number of minor digits depends on the currency (JPY has none, BHD has three), so it is
// read from Intl instead of assuming cents.

const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  if (!formatters.has(currency)) {
    try {
      formatters.set(currency, new Intl.NumberFormat('en-US', { style: 'currency', currency }));
    } catch {
      // A malformed code must not break an email or a report; the caller gets plain digits instead.
      formatters.set(currency, null);
    }
  }
  return formatters.get(currency) ?? null;
}

/** "$1,299.97" for (129997, 'USD'); "¥1,300" for (1300, 'JPY'); "12.50 ??" for a malformed code. */
export function formatMoney(minor: number, currency: string): string {
  const formatter = formatterFor(currency);
  if (!formatter) return `${(minor / 100).toFixed(2)} ${currency}`;
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // Amounts stay far below 2^53 / 10^digits, so the division is exact to the digits shown.
  return formatter.format(minor / 10 ** digits);
}

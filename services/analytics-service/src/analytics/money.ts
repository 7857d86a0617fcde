// Revenue is summed in integer minor units; it becomes text only in API answers, with as many
// decimals as the currency has (JPY none, USD two), read from Intl instead of assuming cents.

export interface MoneyAmount { currency: string; minor: number; formatted: string }

const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  if (!formatters.has(currency)) {
    try {
      formatters.set(currency, new Intl.NumberFormat('en-US', { style: 'currency', currency }));
    } catch {
      // A malformed code in an event must not break the whole summary; show plain digits instead.
      formatters.set(currency, null);
    }
  }
  return formatters.get(currency) ?? null;
}

export function formatMoney(minor: number, currency: string): string {
  const formatter = formatterFor(currency);
  if (!formatter) return `${(minor / 100).toFixed(2)} ${currency}`;
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  // Sums stay far below 2^53 / 10^digits, so the division is exact to the digits shown.
  return formatter.format(minor / 10 ** digits);
}

export function money(minor: number, currency: string): MoneyAmount {
  return { currency, minor, formatted: formatMoney(minor, currency) };
}

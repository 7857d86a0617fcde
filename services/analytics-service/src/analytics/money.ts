// Revenue is summed in integer minor units; it becomes text only in API answers.
import { formatMoney } from '@kot/service-kit';

export interface MoneyAmount {
  currency: string;
  minor: number;
  formatted: string;
}

export function money(minor: number, currency: string): MoneyAmount {
  return { currency, minor, formatted: formatMoney(minor, currency) };
}

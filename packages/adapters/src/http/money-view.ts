import { MONEY_MAX_FEN, checkMoneyRange, formatCny, type Fen } from '@chargeflow/core';
import { z } from '@hono/zod-openapi';

const MAX = Number(MONEY_MAX_FEN); // 10^15: exact as a double

/** Money as the API writes it: a decimal CNY string and integer fen, both exact (|fen| ≤ 10^15 < 2^53). */
export const MoneySchema = z
  .object({
    cny: z
      .string()
      .regex(/^-?\d{1,13}\.\d{2}$/)
      .openapi({ example: '12.34', description: 'decimal CNY, exactly 2 decimals' }),
    fen: z.number().int().min(-MAX).max(MAX).openapi({
      example: 1234,
      description: 'integer fen (0.01 CNY), |fen| ≤ 10^15, so exact in any JSON parser',
    }),
  })
  .openapi('Money');
export type Money = z.infer<typeof MoneySchema>;

/**
 * Fen as the API writes money. The bound check is what makes the integer safe: an amount beyond
 * MONEY_MAX_FEN (which no column can hold) is MONEY_OUT_OF_RANGE instead of a rounded number.
 */
export const money = (amount: Fen): Money => {
  const bounded = checkMoneyRange(amount);
  // Exact: |bounded| ≤ 10^15 < 2^53, so the decimal text parses to the same integer.
  return { cny: formatCny(bounded), fen: Number.parseInt(bounded.toString(), 10) };
};

import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';

/** RENT-1 stock of one site: vehicles for sale and vehicles for rent. */
export interface RetailStock {
  readonly saleStock: number;
  readonly rentalStock: number;
}

/** RENT-3: a completed sale takes one unit from sale stock and adds one unit to rental stock. */
export function recordSale(stock: RetailStock): Result<RetailStock, DomainError<'SALE_OUT_OF_STOCK'>> {
  return stock.saleStock > 0
    ? ok({ saleStock: stock.saleStock - 1, rentalStock: stock.rentalStock + 1 })
    : err(new DomainError('SALE_OUT_OF_STOCK', 'no vehicle left for sale', { saleStock: stock.saleStock }));
}

/** RENT-1: a rental pick-up takes one unit of rental stock. */
export function takeRentalUnit(stock: RetailStock): Result<RetailStock, DomainError<'RENTAL_OUT_OF_STOCK'>> {
  return stock.rentalStock > 0
    ? ok({ ...stock, rentalStock: stock.rentalStock - 1 })
    : err(
        new DomainError('RENTAL_OUT_OF_STOCK', 'no vehicle left for rent', {
          rentalStock: stock.rentalStock,
        }),
      );
}

/** RENT-1: a returned rental puts its unit back into rental stock. */
export const returnRentalUnit = (stock: RetailStock): RetailStock => ({
  ...stock,
  rentalStock: stock.rentalStock + 1,
});

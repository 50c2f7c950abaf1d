import type { Bill } from '../billing/bill.js';
import { DomainError } from '../shared/errors.js';
import { err, ok, type Result } from '../shared/result.js';
import { priceEbikeSession, type EbikeSession } from './ebike-pricing.js';
import type { EbikeTariff } from './model.js';

/**
 * TAR-11 tariff test (计费测试) with its bad input refused: a duration beyond the auto-stop threshold
 * (EBIKE_QUOTE_DURATION_BEYOND_THRESHOLD) or a power above the top band
 * (EBIKE_QUOTE_POWER_BEYOND_BANDS) is a question the tariff cannot answer as asked, so it is an
 * error, not a silently capped bill (sessions cap at the threshold and use the top band instead).
 */
export function testEbikeTariff(tariff: EbikeTariff, session: EbikeSession): Result<Bill> {
  const thresholdS = tariff.autoStopMinutes * 60;
  if (session.durationSeconds > thresholdS) {
    return err(
      new DomainError(
        'EBIKE_QUOTE_DURATION_BEYOND_THRESHOLD',
        `${session.durationSeconds} s is beyond the tariff's auto-stop threshold of ${thresholdS} s`,
        { durationS: session.durationSeconds, thresholdS },
      ),
    );
  }
  const p = tariff.pricing;
  if ((p.mode === 'POWER' || p.mode === 'POWER_SERVICE') && session.maxPowerW !== undefined) {
    const topW = p.bands[p.bands.length - 1]!.upToW;
    if (session.maxPowerW > topW) {
      return err(
        new DomainError(
          'EBIKE_QUOTE_POWER_BEYOND_BANDS',
          `${session.maxPowerW} W is above the top power band (≤ ${topW} W)`,
          { maxPowerW: session.maxPowerW, topW },
        ),
      );
    }
  }
  try {
    return ok(priceEbikeSession(tariff, session));
  } catch (error) {
    if (error instanceof DomainError) return err(error);
    throw error;
  }
}

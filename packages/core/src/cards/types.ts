import type { Fen } from '../money/fen.js';

/** What a card is for (电卡类型): car stations, e-bike stations, or both. */
export type CardKind = 'CAR' | 'EBIKE' | 'UNIVERSAL';

/** How a card is issued (发行类型): paid from a collective account's balance, or sold directly. */
export type CardIssueType = 'COLLECTIVE_ACCOUNT' | 'DIRECT';

/**
 * A recharge discount rule (充值优惠): paying at least `minPayment` credits `bonus` on top.
 * "Pay 100 get 110" is { minPayment: 10000n, bonus: 1000n }. Rules do not stack: the rule with the
 * largest bonus among those that apply wins.
 */
export interface RechargeRule {
  readonly minPayment: Fen;
  readonly bonus: Fen;
}

/** CARD-1: a card product (电卡产品) a property issues cards from. */
export interface CardProduct {
  readonly productId: string;
  readonly name: string;
  readonly kind: CardKind;
  readonly issueType: CardIssueType;
  /** What issuing costs (售价), debited from the collective account when issued through one. */
  readonly price: Fen;
  /** The balance a new card starts with (面值). */
  readonly faceValue: Fen;
  readonly carStationIds: readonly string[];
  readonly ebikeStationIds: readonly string[];
  readonly rechargeRules: readonly RechargeRule[];
  readonly enabled: boolean;
}

/** CARD-2: an issued card. Its balance is not stored here: it is Σ of its ledger lines (CARD-3). */
export interface Card {
  readonly cardId: string;
  readonly productId: string;
  /** 实体卡号: printed no., read by AC chargers and e-bike readers. */
  readonly printedNo: string;
  /** 物理卡号: the IC chip no., read by DC chargers. */
  readonly chipNo: string;
  readonly holderPhone: string;
  readonly holderName: string;
  readonly issueType: CardIssueType;
  /** Validity as epoch milliseconds, inclusive from, exclusive to. */
  readonly validFrom: number;
  readonly validTo: number;
  readonly enabled: boolean;
  /** Reported lost (挂失): never usable again (CARD_LOST). */
  readonly lost?: boolean;
  /** Stations the card is usable at (car and e-bike), copied from the product when issued. */
  readonly stationIds: readonly string[];
}

/** A collective account (集体户) whose balance pays for cards it issues. */
export interface CollectiveAccount {
  readonly accountId: string;
  readonly balance: Fen;
  readonly enabled: boolean;
  readonly locked: boolean;
}

/** Why a ledger line exists. */
export type LedgerLineKind = 'ISSUE' | 'RECHARGE' | 'RECHARGE_BONUS' | 'CONSUME' | 'REFUND';

/** CARD-3: one ledger line; `amount` is signed (credits > 0, consumption < 0). */
export interface LedgerLine {
  readonly cardId: string;
  /** 1, 2, 3, … per card: the order of the ledger and the optimistic-lock key for concurrent writers. */
  readonly seq: number;
  readonly kind: LedgerLineKind;
  readonly amount: Fen;
  readonly balanceAfter: Fen;
  readonly at: number;
  /** The order a consumption or refund belongs to. */
  readonly orderNo?: string;
  /** The payment that funded a recharge, if any. */
  readonly reference?: string;
}

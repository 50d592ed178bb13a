/**
 * The demo world the simulator plays in: wallet customers (created through the wallet API) and
 * merchants abroad with their quotes. Shaped like server/simulator/examples.
 */
import type { StoreInput } from "../stores/stores";

export interface DemoCustomer {
  customerId: string;
  displayName: string;
  currency: string;
  /** Funded on setup, in minor units. */
  fundingMinor: bigint;
}

export interface DemoMerchant {
  referenceMerchantId: string;
  merchantMCC: string;
  merchantName: string;
  merchantDisplayName?: string;
  region: string;
  city: string;
  store: { referenceStoreId: string; storeName: string; storeMCC: string; address1: string };
  currency: string;
  /** Typical order sizes in minor units. */
  orderMinor: readonly bigint[];
}

export interface DemoPromotion {
  promoId: string;
  promoName: string;
  promoType: string;
  /** Saving in the order currency, minor units. */
  offMinor: bigint;
}

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  { customerId: "C-000042", displayName: "Kim Min-ji", currency: "KRW", fundingMinor: 2_000_000n },
  {
    customerId: "C-000043",
    displayName: "Maria Santos",
    currency: "PHP",
    fundingMinor: 5_000_000n,
  },
  { customerId: "C-000044", displayName: "Park Ji-hoon", currency: "KRW", fundingMinor: 800_000n },
];

export const DEMO_MERCHANTS: readonly DemoMerchant[] = [
  {
    referenceMerchantId: "M-JP-000123",
    merchantMCC: "5814",
    merchantName: "宇治茶房 銀座店",
    merchantDisplayName: "Uji Sabo Ginza",
    region: "JP",
    city: "Tokyo",
    store: {
      referenceStoreId: "S-GINZA-01",
      storeName: "宇治茶房 銀座店",
      storeMCC: "5814",
      address1: "4-6-16 Ginza",
    },
    currency: "JPY",
    orderMinor: [1200n, 2200n, 3800n],
  },
  {
    referenceMerchantId: "M-JP-000777",
    merchantMCC: "5311",
    merchantName: "大阪百貨店 梅田本店",
    merchantDisplayName: "Osaka Department Store Umeda",
    region: "JP",
    city: "Osaka",
    store: {
      referenceStoreId: "S-UMEDA-01",
      storeName: "大阪百貨店 梅田本店",
      storeMCC: "5311",
      address1: "8-7 Kakudacho",
    },
    currency: "JPY",
    orderMinor: [5400n, 12800n, 30000n],
  },
  {
    referenceMerchantId: "M-SG-004411",
    merchantMCC: "5812",
    merchantName: "Ya Kun Kaya Toast",
    region: "SG",
    city: "Singapore",
    store: {
      referenceStoreId: "S-SG-FAR-EAST",
      storeName: "Ya Kun Far East Square",
      storeMCC: "5812",
      address1: "18 China Street",
    },
    currency: "SGD",
    orderMinor: [850n, 1250n, 2400n],
  },
];

/**
 * The demo merchants' stores in the store registry (README "Store registry"), at their real-world
 * positions (the stores of server/simulator/examples are among them): the location rule
 * compares the customer's phone with these. `npm run dev` upserts them; server/stores/
 * demo-stores.csv holds the same rows for `npm run stores:import`.
 */
export const DEMO_STORES: readonly StoreInput[] = [
  {
    referenceStoreId: "S-GINZA-01",
    referenceMerchantId: "M-JP-000123",
    storeName: "宇治茶房 銀座店",
    region: "JP",
    city: "Tokyo",
    // 4-6-16 Ginza, Chūō, Tokyo.
    lat: 35.6714,
    lng: 139.7658,
  },
  {
    referenceStoreId: "S-UMEDA-01",
    referenceMerchantId: "M-JP-000777",
    storeName: "大阪百貨店 梅田本店",
    region: "JP",
    city: "Osaka",
    // 8-7 Kakudachō, Kita, Osaka.
    lat: 34.7036,
    lng: 135.4992,
  },
  {
    referenceStoreId: "S-SG-FAR-EAST",
    referenceMerchantId: "M-SG-004411",
    storeName: "Ya Kun Far East Square",
    region: "SG",
    city: "Singapore",
    // 18 China Street, Far East Square.
    lat: 1.2816,
    lng: 103.8477,
  },
];

export const DEMO_PROMOTIONS: Readonly<Record<string, readonly DemoPromotion[]>> = {
  JPY: [
    {
      promoId: "PROMO-AUTUMN-300",
      promoName: "Autumn Japan: 300 JPY off",
      promoType: "CASHLESS_FIXED_VOUCHER",
      offMinor: 300n,
    },
    {
      promoId: "PROMO-NEWUSER-100",
      promoName: "First Alipay+ payment: 100 JPY off",
      promoType: "DISCOUNT",
      offMinor: 100n,
    },
  ],
  SGD: [
    {
      promoId: "PROMO-SG-WEEKEND",
      promoName: "Weekend treat: SGD 2 off",
      promoType: "CASHLESS_FIXED_VOUCHER",
      offMinor: 200n,
    },
    {
      promoId: "PROMO-SG-KOPI-050",
      promoName: "Kopi on us: SGD 0.50 off",
      promoType: "DISCOUNT",
      offMinor: 50n,
    },
  ],
};

/** Quotes Alipay+ would apply: price of 1 unit of the order currency in the wallet currency. */
export const DEMO_QUOTES: Readonly<Record<string, string>> = {
  "JPY/KRW": "9.3",
  "JPY/PHP": "0.38",
  "SGD/KRW": "1032.5",
  "SGD/PHP": "43.5",
};

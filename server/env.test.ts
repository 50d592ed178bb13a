import { describe, expect, it } from "vitest";
import { acceptedWalletApiKeys, missingProductionVariables, parseEnv } from "./env";

const base: NodeJS.ProcessEnv = {
  NODE_ENV: "test",
  DATABASE_URL: "postgres://localhost/plusdesk",
  ALIPAYPLUS_CLIENT_ID: "SANDBOX_TEST",
  ALIPAYPLUS_PUBLIC_KEY: "key",
  MPP_PRIVATE_KEY: "key",
  WALLET_API_KEY: "k".repeat(16),
  WALLET_LAUNCH_SECRET: "s".repeat(32),
  AUTH_SECRET: "a".repeat(32),
  HASH_SECRET: "h".repeat(32),
};

describe("Auto Debit token lifetimes (AUTODEBIT_ACCESS_TOKEN_DAYS, AUTODEBIT_REFRESH_TOKEN_DAYS)", () => {
  it("default to 90 and 365 days", () => {
    const env = parseEnv(base);
    expect(env.AUTODEBIT_ACCESS_TOKEN_DAYS).toBe(90);
    expect(env.AUTODEBIT_REFRESH_TOKEN_DAYS).toBe(365);
  });

  it.each([
    ["1", "1", 1, 1],
    ["30", "60", 30, 60],
    [" 7 ", "3650", 7, 3650],
  ])("accept access %j and refresh %j", (access, refresh, accessDays, refreshDays) => {
    const env = parseEnv({
      ...base,
      AUTODEBIT_ACCESS_TOKEN_DAYS: access,
      AUTODEBIT_REFRESH_TOKEN_DAYS: refresh,
    });
    expect(env.AUTODEBIT_ACCESS_TOKEN_DAYS).toBe(accessDays);
    expect(env.AUTODEBIT_REFRESH_TOKEN_DAYS).toBe(refreshDays);
  });

  it.each([
    ["AUTODEBIT_ACCESS_TOKEN_DAYS", "0", "at least 1 day"],
    ["AUTODEBIT_ACCESS_TOKEN_DAYS", "-5", "at least 1 day"],
    ["AUTODEBIT_ACCESS_TOKEN_DAYS", "", "at least 1 day"],
    ["AUTODEBIT_ACCESS_TOKEN_DAYS", "1.5", "whole number of days"],
    ["AUTODEBIT_ACCESS_TOKEN_DAYS", "ninety", "expected number"],
    ["AUTODEBIT_REFRESH_TOKEN_DAYS", "3651", "at most 3650 days"],
    ["AUTODEBIT_REFRESH_TOKEN_DAYS", "0", "at least 1 day"],
    ["AUTODEBIT_REFRESH_TOKEN_DAYS", "30", "at least AUTODEBIT_ACCESS_TOKEN_DAYS"],
  ])("refuse %s=%j, naming it", (name, value, problem) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(`${name}: `);
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(problem);
  });
});

describe("wallet limit defaults (DEFAULT_SINGLE_PAYMENT_MAX, DEFAULT_DAILY_AMOUNT_MAX, DEFAULT_DAILY_COUNT_MAX)", () => {
  it("are none when unset or empty", () => {
    for (const source of [
      base,
      { ...base, DEFAULT_SINGLE_PAYMENT_MAX: " ", DEFAULT_DAILY_COUNT_MAX: "" },
    ]) {
      const env = parseEnv(source);
      expect(env.DEFAULT_SINGLE_PAYMENT_MAX).toEqual(new Map());
      expect(env.DEFAULT_DAILY_AMOUNT_MAX).toEqual(new Map());
      expect(env.DEFAULT_DAILY_COUNT_MAX).toBeUndefined();
    }
  });

  it("read amounts per wallet currency in minor units, and a count", () => {
    const env = parseEnv({
      ...base,
      DEFAULT_SINGLE_PAYMENT_MAX: "KRW:5000000,JPY:500000",
      DEFAULT_DAILY_AMOUNT_MAX: " USD : 9223372036854775807 , ",
      DEFAULT_DAILY_COUNT_MAX: " 20 ",
    });
    expect(env.DEFAULT_SINGLE_PAYMENT_MAX).toEqual(
      new Map([
        ["KRW", 5_000_000n],
        ["JPY", 500_000n],
      ]),
    );
    expect(env.DEFAULT_DAILY_AMOUNT_MAX).toEqual(new Map([["USD", 9223372036854775807n]]));
    expect(env.DEFAULT_DAILY_COUNT_MAX).toBe(20);
    expect(parseEnv({ ...base, DEFAULT_DAILY_COUNT_MAX: "0" }).DEFAULT_DAILY_COUNT_MAX).toBe(0);
  });

  it.each([
    ["DEFAULT_SINGLE_PAYMENT_MAX", "5000000", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_SINGLE_PAYMENT_MAX", "krw:5000000", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_SINGLE_PAYMENT_MAX", "XXX:1", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_SINGLE_PAYMENT_MAX", "KRW:50.5", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_SINGLE_PAYMENT_MAX", "KRW:-1", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_DAILY_AMOUNT_MAX", "KRW:1:2", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_DAILY_AMOUNT_MAX", "KRW:9223372036854775808", "must be CURRENCY:MINOR_UNITS"],
    ["DEFAULT_DAILY_AMOUNT_MAX", "KRW:1,KRW:2", "KRW is given twice"],
    ["DEFAULT_DAILY_COUNT_MAX", "-1", "must be at least 0"],
    ["DEFAULT_DAILY_COUNT_MAX", "2.5", "whole number"],
    ["DEFAULT_DAILY_COUNT_MAX", "ten", "expected number"],
  ])("refuse %s=%j, naming it", (name, value, problem) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(`${name}: `);
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(problem);
  });
});

describe("PAYMENT_EXPIRY_GRACE_MS", () => {
  it("defaults to 5000 and takes whole milliseconds up to an hour", () => {
    expect(parseEnv(base).PAYMENT_EXPIRY_GRACE_MS).toBe(5000);
    expect(parseEnv({ ...base, PAYMENT_EXPIRY_GRACE_MS: "0" }).PAYMENT_EXPIRY_GRACE_MS).toBe(0);
    for (const bad of ["-1", "1.5", "3600001", "soon"]) {
      expect(() => parseEnv({ ...base, PAYMENT_EXPIRY_GRACE_MS: bad })).toThrow(
        "PAYMENT_EXPIRY_GRACE_MS: ",
      );
    }
  });
});

describe("applyToken replay settings (AUTH_CODE_REUSE_GRACE_MS, APPLY_TOKEN_MAX_SKEW_MS)", () => {
  it("default to 30 s and 5 minutes", () => {
    const env = parseEnv(base);
    expect(env.AUTH_CODE_REUSE_GRACE_MS).toBe(30_000);
    expect(env.APPLY_TOKEN_MAX_SKEW_MS).toBe(300_000);
    const set = parseEnv({
      ...base,
      AUTH_CODE_REUSE_GRACE_MS: "0",
      APPLY_TOKEN_MAX_SKEW_MS: "60000",
    });
    expect([set.AUTH_CODE_REUSE_GRACE_MS, set.APPLY_TOKEN_MAX_SKEW_MS]).toEqual([0, 60_000]);
  });

  it.each([
    ["AUTH_CODE_REUSE_GRACE_MS", "-1"],
    ["AUTH_CODE_REUSE_GRACE_MS", "600001"],
    ["AUTH_CODE_REUSE_GRACE_MS", "1.5"],
    ["APPLY_TOKEN_MAX_SKEW_MS", "999"],
    ["APPLY_TOKEN_MAX_SKEW_MS", "3600001"],
    ["APPLY_TOKEN_MAX_SKEW_MS", "soon"],
  ])("refuse %s=%j, naming it", (name, value) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(`${name}: `);
  });
});

describe("ALIPAYPLUS_NOTIFY_URL against ALIPAYPLUS_BASE_URL", () => {
  it("may be http only while the base URL is http", () => {
    const http = { ALIPAYPLUS_NOTIFY_URL: "http://localhost:3100/notify" };
    expect(parseEnv({ ...base, ...http }).ALIPAYPLUS_NOTIFY_URL).toBe(http.ALIPAYPLUS_NOTIFY_URL);
    const https = { ...base, ALIPAYPLUS_BASE_URL: "https://open-sea-global.alipay.com" };
    expect(() => parseEnv({ ...https, ...http })).toThrow(
      "ALIPAYPLUS_NOTIFY_URL: must be https while ALIPAYPLUS_BASE_URL is",
    );
    const notify = "https://open-sea-global.alipay.com/aps/api/v1/payments/notifyPayment";
    expect(parseEnv({ ...https, ALIPAYPLUS_NOTIFY_URL: notify }).ALIPAYPLUS_NOTIFY_URL).toBe(
      notify,
    );
  });
});

describe("WALLET_API_KEYS (and WALLET_API_KEY)", () => {
  const { WALLET_API_KEY: _single, ...noKeys } = base;
  const [a, b] = ["a".repeat(16), "b".repeat(20)];

  it("take several keys, comma-separated, or the one WALLET_API_KEY", () => {
    const env = parseEnv({ ...noKeys, WALLET_API_KEYS: ` ${a} ,${b},` });
    expect(acceptedWalletApiKeys(env)).toEqual([a, b]);
    expect(acceptedWalletApiKeys(parseEnv({ ...noKeys, WALLET_API_KEY: a }))).toEqual([a]);
  });

  it.each([
    ["neither", {}, "WALLET_API_KEYS: set it, or WALLET_API_KEY for a single key, not both"],
    ["both", { WALLET_API_KEYS: a, WALLET_API_KEY: b }, "not both"],
    ["an empty list", { WALLET_API_KEYS: " , " }, "set it, or WALLET_API_KEY"],
    ["a short key", { WALLET_API_KEYS: `${a},short` }, "key 2 must be at least 16 characters"],
    ["a key with a space", { WALLET_API_KEYS: `${a} x${b}` }, "without white space"],
    ["a key twice", { WALLET_API_KEYS: `${a},${b},${a}` }, "key 3 is given twice"],
    ["a short single key", { WALLET_API_KEY: "short" }, "WALLET_API_KEY: must be at least 16"],
  ])("refuse %s, naming it", (_name, keys, problem) => {
    expect(() => parseEnv({ ...noKeys, ...keys })).toThrow(problem);
  });

  it("production needs one of them", () => {
    const missing = (keys: Record<string, string>) =>
      missingProductionVariables({ ...noKeys, ...keys });
    expect(missing({})).toContain("WALLET_API_KEYS");
    expect(missing({ WALLET_API_KEY: a })).not.toContain("WALLET_API_KEYS");
    expect(missing({ WALLET_API_KEYS: a })).not.toContain("WALLET_API_KEYS");
  });
});

describe("WALLET_HOME_URL (Confirm on a payment result without a merchant page)", () => {
  it("defaults to the transaction list, also when empty", () => {
    expect(parseEnv(base).WALLET_HOME_URL).toBe("/transactions");
    expect(parseEnv({ ...base, WALLET_HOME_URL: " " }).WALLET_HOME_URL).toBe("/transactions");
  });

  it.each(["/transactions?from=result", "https://wallet.example/home", "mywallet://home"])(
    "accepts %j",
    (value) => {
      expect(parseEnv({ ...base, WALLET_HOME_URL: value }).WALLET_HOME_URL).toBe(value);
    },
  );

  it.each([
    "//evil.example/",
    "/\\evil.example",
    "transactions",
    "http://wallet.example/home",
    "javascript:alert(1)",
    "javascript://%0aalert(1)",
    "data:text/html,hi",
    "https://user:secret@wallet.example/",
    "https://wallet.example/a b",
    "mywallet://ho\nme",
  ])("refuses %j, naming it", (value) => {
    expect(() => parseEnv({ ...base, WALLET_HOME_URL: value })).toThrow("WALLET_HOME_URL: ");
  });
});

describe("metrics (METRICS_TOKEN, METRICS_PORT)", () => {
  it("are unset by default, empty counting as unset", () => {
    const env = parseEnv({ ...base, METRICS_TOKEN: " ", METRICS_PORT: "" });
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.METRICS_PORT).toBeUndefined();
  });

  it("take a token of at least 32 characters and a port", () => {
    const env = parseEnv({ ...base, METRICS_TOKEN: "t".repeat(32), METRICS_PORT: "9464" });
    expect(env.METRICS_TOKEN).toBe("t".repeat(32));
    expect(env.METRICS_PORT).toBe(9464);
  });

  it.each([
    ["METRICS_TOKEN", "t".repeat(31), "METRICS_TOKEN: must be at least 32 characters"],
    ["METRICS_PORT", "0", "METRICS_PORT:"],
    ["METRICS_PORT", "port", "METRICS_PORT:"],
    ["METRICS_PORT", "3000", "METRICS_PORT: must be another port than PORT"],
  ])("refuse %s=%j", (name, value, message) => {
    expect(() => parseEnv({ ...base, [name]: value })).toThrow(message);
  });
});

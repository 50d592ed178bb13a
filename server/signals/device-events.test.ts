import { describe, expect, it } from "vitest";
import { requestHash } from "../alipayplus/strict-json";
import { judgeDeviceEvent, ZDeviceEventsBody } from "./device-events";

const NOW = Date.parse("2026-11-26T03:00:00Z");
const window = { now: () => NOW, keptDays: 180 };

const login = {
  eventId: "E-1",
  type: "login",
  deviceId: "D-1",
  at: "2026-11-26T12:00:00+09:00",
  customerId: "C-1",
};
const integrity = {
  eventId: "E-2",
  type: "integrity",
  deviceId: "D-1",
  at: "2026-11-26T02:59:00Z",
  appSignatureValid: true,
  emulator: false,
  rooted: false,
  hooked: false,
};
const location = {
  eventId: "E-3",
  type: "location",
  deviceId: "D-1",
  at: "2026-11-26T02:59:00.123Z",
  customerId: "C-1",
  lat: 35.6714,
  lng: 139.7658,
  accuracyM: 12.5,
};

function reason(event: unknown): string | null {
  const judged = judgeDeviceEvent(event, window);
  return judged.ok ? null : judged.reason;
}

describe("judgeDeviceEvent", () => {
  it("turns each type into its row, the event kept whole with its hash", () => {
    const withExtra = { ...login, appVersion: "5.2.0" };
    expect(judgeDeviceEvent(withExtra, window)).toEqual({
      ok: true,
      row: {
        eventId: "E-1",
        eventHash: requestHash(withExtra),
        type: "login",
        deviceId: "D-1",
        customerId: "C-1",
        at: new Date("2026-11-26T03:00:00Z"),
        raw: withExtra,
      },
    });
    expect(judgeDeviceEvent(integrity, window)).toMatchObject({
      ok: true,
      row: { appSignatureValid: true, emulator: false, rooted: false, hooked: false },
    });
    const judged = judgeDeviceEvent(location, window);
    expect(judged).toMatchObject({
      ok: true,
      row: { customerId: "C-1", lat: 35.6714, lng: 139.7658, accuracyM: 12.5 },
    });
    expect(judged.ok && "appSignatureValid" in judged.row).toBe(false);
  });

  it("hashes the JSON value: key order does not matter", () => {
    const reordered = Object.fromEntries(Object.entries(login).reverse());
    const a = judgeDeviceEvent(login, window);
    const b = judgeDeviceEvent(reordered, window);
    expect(a.ok && b.ok && a.row.eventHash === b.row.eventHash).toBe(true);
  });

  it.each([
    [null, "event: must be a JSON object"],
    [[login], "event: must be a JSON object"],
    ["login", "event: must be a JSON object"],
    [{ ...login, type: undefined }, "type: is required"],
    [{ ...login, type: "logout" }, "type: must be login, integrity or location"],
    [{ ...login, type: "LOGIN" }, "type: must be login, integrity or location"],
    [{ ...login, eventId: undefined }, "eventId: is required"],
    [{ ...login, eventId: "" }, "eventId: must be 1–64 printable ASCII characters"],
    [{ ...login, eventId: "E".repeat(65) }, "eventId: must be 1–64 printable ASCII characters"],
    [{ ...login, eventId: "E 1" }, "eventId: must be 1–64 printable ASCII characters"],
    [{ ...login, eventId: 7 }, "eventId: must be a string"],
    [{ ...login, deviceId: undefined }, "deviceId: is required"],
    [{ ...login, deviceId: "" }, "deviceId: must not be empty"],
    [{ ...login, deviceId: "D".repeat(65) }, "deviceId: must be at most 64 characters"],
    [{ ...login, deviceId: " D-1" }, "deviceId: must not start or end with whitespace"],
    [{ ...login, deviceId: "D\u00011" }, "deviceId: must not contain control characters"],
    [{ ...login, customerId: undefined }, "customerId: is required"],
    [
      { ...login, customerId: "C".repeat(65) },
      "customerId: must be 1–64 printable ASCII characters",
    ],
    [{ ...login, at: undefined }, "at: is required"],
    [{ ...login, at: 1764126000 }, "at: must be a string"],
    [
      { ...login, at: "2026-11-26T12:00:00" },
      "at: must be an ISO 8601 date-time with seconds and an offset (Z or ±hh:mm)",
    ],
    [
      { ...login, at: "2026-02-30T12:00:00Z" },
      "at: must be an ISO 8601 date-time with seconds and an offset (Z or ±hh:mm)",
    ],
    [{ ...login, at: "2026-11-26T03:05:00.001Z" }, "at: is more than 5 minutes in the future"],
    // 180 days and a millisecond before the server clock: retention would prune it at once.
    [
      { ...login, at: "2026-05-30T02:59:59.999Z" },
      "at: is older than the 180 days device events are kept",
    ],
    [{ ...integrity, rooted: undefined }, "rooted: is required"],
    [{ ...integrity, emulator: "false" }, "emulator: must be a boolean (true or false)"],
    [{ ...integrity, hooked: 0 }, "hooked: must be a boolean (true or false)"],
    [
      { ...integrity, appSignatureValid: null },
      "appSignatureValid: must be a boolean (true or false)",
    ],
    [{ ...location, lat: 90.5 }, "lat: must be between -90 and 90"],
    [{ ...location, lat: "35.6" }, "lat: must be a number"],
    [{ ...location, lng: -180.01 }, "lng: must be between -180 and 180"],
    [{ ...location, lng: undefined }, "lng: is required"],
    [{ ...location, accuracyM: -1 }, "accuracyM: must be at least 0"],
    [{ ...location, customerId: undefined }, "customerId: is required"],
  ])("refuses %j: %s", (event, expected) => {
    expect(reason(event)).toBe(expected);
  });

  it.each([
    { ...login, at: "2026-11-26T03:05:00Z" }, // exactly 5 minutes ahead
    { ...login, at: "2026-05-30T12:00:00+09:00" }, // exactly the 180 days kept
    { ...location, lat: -90, lng: 180, accuracyM: 0 },
    { ...location, lat: 90, lng: -180 },
    { ...login, deviceId: "Pixel 8 · 7f3c" },
    { ...integrity, customerId: "C-1" }, // an extra field, kept in raw
  ])("accepts %j", (event) => {
    expect(reason(event)).toBeNull();
  });
});

describe("ZDeviceEventsBody", () => {
  it.each([
    [null, ""],
    [[], ""],
    [{}, "events"],
    [{ events: {} }, "events"],
    [{ events: [] }, "events"],
    [{ events: Array.from({ length: 1001 }, () => login) }, "events"],
  ])("refuses %j (path %j)", (body, field) => {
    const parsed = ZDeviceEventsBody.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join(".")).toBe(field);
  });

  it("accepts 1 to 1000 events of any shape (each is judged on its own)", () => {
    expect(ZDeviceEventsBody.safeParse({ events: [1] }).success).toBe(true);
    expect(
      ZDeviceEventsBody.safeParse({ events: Array.from({ length: 1000 }, () => login) }).success,
    ).toBe(true);
  });
});

/**
 * POST /api/wallet/v1/device-events through real HTTP (README "Device signals"): bearer auth, 400s
 * naming the field, per-event rejections that keep the good events, each type stored with its
 * fields and its raw JSON, idempotency on eventId (replay, conflict, concurrent copies, also
 * across months), the 5-minute future limit, the retention limit and the 1,000-event batch limit.
 */
import { describe, expect, it } from "vitest";
import { baseUrl, secrets, uniqueId } from "../fixtures/gateway";
import {
  DEVICE_EVENTS,
  deviceEventRows,
  idsOf,
  integrityEvent,
  isoFromNow,
  locationEvent,
  loginEvent,
  sendDeviceEvents,
} from "../fixtures/signals";

const DAY = 86_400_000;

/** The moment written with the UTC+09:00 offset. */
function inSeoul(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().replace("Z", "+09:00");
}

function expectBadRequest(answer: { status: number; json: unknown }, field: string) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(400);
  expect(answer.json).toEqual({
    error: {
      code: expect.stringMatching(/^INVALID/) as string,
      field,
      message: expect.any(String) as string,
    },
  });
  const message = (answer.json as { error: { message: string } }).error.message;
  expect(message).not.toMatch(/\bat \S+ \(|Error:|ZodError|drizzle|postgres/i);
  return message;
}

describe("POST /api/wallet/v1/device-events: the call", () => {
  it("answers 401 without the bearer key or with another one, and stores nothing", async () => {
    const event = loginEvent();
    const none = await fetch(new URL(DEVICE_EVENTS, baseUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ events: [event] }),
    });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const wrong = await sendDeviceEvents([event], `${secrets.walletApiKey}x`);
    expect(wrong.status).toBe(401);
    expect(await deviceEventRows([event.eventId])).toEqual([]);
  });

  it.each([
    ["not JSON", "{", "body"],
    ["empty", "", "body"],
    ["a JSON array", JSON.stringify([loginEvent()]), "body"],
    ["a JSON string", '"events"', "body"],
    ["null", "null", "body"],
    ["no events", "{}", "events"],
    ["events not an array", JSON.stringify({ events: loginEvent() }), "events"],
    ["events empty", JSON.stringify({ events: [] }), "events"],
  ])("answers 400 for a body that is %s", async (_name, body, field) => {
    expectBadRequest(await sendDeviceEvents(body), field);
  });

  it("answers 400 naming the field for a NUL character, and stores none of the batch", async () => {
    const good = loginEvent();
    const bad = loginEvent({ deviceId: "D\u0000X" });
    const message = expectBadRequest(await sendDeviceEvents([good, bad]), "body");
    expect(message).toContain("events.1.deviceId");
    expect(await deviceEventRows(idsOf([good, bad]))).toEqual([]);
  });

  it("takes 1,000 events in one call; 1,001 is a 400 and stores none of them", async () => {
    const makers = [loginEvent, integrityEvent, locationEvent];
    const events = Array.from({ length: 1000 }, (_, i) => makers[i % 3]!());
    const answer = await sendDeviceEvents(events);
    expect(answer.status).toBe(200);
    expect(answer.json).toStrictEqual({ accepted: 1000, rejected: [] });
    expect(await deviceEventRows(idsOf(events))).toHaveLength(1000);

    const tooMany = Array.from({ length: 1001 }, () => loginEvent());
    const message = expectBadRequest(await sendDeviceEvents(tooMany), "events");
    expect(message).toContain("1000");
    expect(await deviceEventRows(idsOf(tooMany))).toEqual([]);
  });

  it("answers 413 for a body over 2 MiB", async () => {
    const event = loginEvent({ padding: "x".repeat(2 * 1024 * 1024) });
    const answer = await sendDeviceEvents([event]);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: { field: "body" } });
    expect(await deviceEventRows([event.eventId])).toEqual([]);
  });
});

describe("POST /api/wallet/v1/device-events: the events", () => {
  it("stores each type with its fields and the event as received", async () => {
    // 40 days ago, written in UTC+09:00: another month's partition than the other two.
    const loginAt = new Date(Date.now() - 40 * DAY);
    const login = loginEvent({ at: inSeoul(loginAt), appVersion: "5.2.0" });
    const integrity = integrityEvent({
      appSignatureValid: false,
      emulator: true,
      rooted: false,
      hooked: true,
      detector: { name: "play-integrity", verdict: ["MEETS_BASIC_INTEGRITY"] },
    });
    const location = locationEvent({ lat: -33.8568, lng: 151.2153, accuracyM: 4.25 });
    const before = Date.now();
    const answer = await sendDeviceEvents([login, integrity, location]);
    expect(answer.status).toBe(200);
    expect(answer.json).toStrictEqual({ accepted: 3, rejected: [] });

    const rows = new Map(
      (await deviceEventRows(idsOf([login, integrity, location]))).map((r) => [r.eventId, r]),
    );
    const common = (event: { eventId: string; deviceId: string; at: string }) => ({
      id: expect.any(BigInt) as bigint,
      eventId: event.eventId,
      deviceId: event.deviceId,
      at: new Date(event.at),
      receivedAt: expect.any(Date) as Date,
      raw: event,
    });
    const none = { appSignatureValid: null, emulator: null, rooted: null, hooked: null };
    const noFix = { lat: null, lng: null, accuracyM: null };
    expect(rows.get(login.eventId)).toStrictEqual({
      ...common(login),
      type: "login",
      customerId: login.customerId,
      ...none,
      ...noFix,
    });
    expect(rows.get(integrity.eventId)).toStrictEqual({
      ...common(integrity),
      type: "integrity",
      customerId: null,
      appSignatureValid: false,
      emulator: true,
      rooted: false,
      hooked: true,
      ...noFix,
    });
    expect(rows.get(location.eventId)).toStrictEqual({
      ...common(location),
      type: "location",
      customerId: location.customerId,
      ...none,
      lat: -33.8568,
      lng: 151.2153,
      accuracyM: 4.25,
    });
    expect(rows.get(login.eventId)!.at.toISOString()).toBe(loginAt.toISOString());
    for (const row of rows.values()) {
      expect(row.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(row.receivedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it("keeps the good events of a mixed batch and names the field of each bad one", async () => {
    const events = [
      loginEvent(),
      locationEvent({ lat: 91 }),
      integrityEvent(),
      { ...loginEvent(), type: undefined },
      integrityEvent({ rooted: "no" }),
      loginEvent({ customerId: undefined }),
      "not an event",
      locationEvent({ accuracyM: -5 }),
      locationEvent(),
      loginEvent({ eventId: "E".repeat(65) }),
      loginEvent({ deviceId: "D".repeat(65) }),
      loginEvent({ at: "2026-11-26 12:00:00" }),
    ];
    const answer = await sendDeviceEvents(events);
    expect(answer.status).toBe(200);
    expect(answer.json).toStrictEqual({
      accepted: 3,
      rejected: [
        { index: 1, reason: "lat: must be between -90 and 90" },
        { index: 3, reason: "type: is required" },
        { index: 4, reason: "rooted: must be a boolean (true or false)" },
        { index: 5, reason: "customerId: is required" },
        { index: 6, reason: "event: must be a JSON object" },
        { index: 7, reason: "accuracyM: must be at least 0" },
        { index: 9, reason: "eventId: must be 1–64 printable ASCII characters" },
        { index: 10, reason: "deviceId: must be at most 64 characters" },
        {
          index: 11,
          reason: "at: must be an ISO 8601 date-time with seconds and an offset (Z or ±hh:mm)",
        },
      ],
    });
    const ids = events.flatMap((e) =>
      typeof e === "object" && typeof e.eventId === "string" ? [e.eventId] : [],
    );
    const stored = (await deviceEventRows(ids)).map((r) => r.eventId).sort();
    expect(stored).toEqual(
      [events[0], events[2], events[8]].map((e) => (e as { eventId: string }).eventId).sort(),
    );
  });

  it("rejects an `at` more than 5 minutes ahead of the server clock and takes 4 minutes ahead", async () => {
    const ahead6 = loginEvent({ at: isoFromNow(6 * 60_000) });
    const ahead4 = loginEvent({ at: isoFromNow(4 * 60_000) });
    const aheadWithOffset = loginEvent({
      // 4 minutes ahead, written in UTC+09:00.
      at: inSeoul(new Date(Date.now() + 4 * 60_000)),
    });
    const answer = await sendDeviceEvents([ahead6, ahead4, aheadWithOffset]);
    expect(answer.json).toStrictEqual({
      accepted: 2,
      rejected: [{ index: 0, reason: "at: is more than 5 minutes in the future" }],
    });
    expect((await deviceEventRows(idsOf([ahead6, ahead4, aheadWithOffset]))).length).toBe(2);
  });

  it("rejects an `at` older than the 180 days events are kept and takes one just inside", async () => {
    const tooOld = loginEvent({ at: isoFromNow(-180 * DAY - 60_000) });
    const inside = loginEvent({ at: isoFromNow(-180 * DAY + 60_000) });
    const answer = await sendDeviceEvents([tooOld, inside]);
    expect(answer.json).toStrictEqual({
      accepted: 1,
      rejected: [{ index: 0, reason: "at: is older than the 180 days device events are kept" }],
    });
    expect((await deviceEventRows(idsOf([tooOld, inside]))).map((r) => r.eventId)).toEqual([
      inside.eventId,
    ]);
  });

  it("accepts the same event again without a second row, whatever its key order or spacing", async () => {
    const event = locationEvent();
    const first = await sendDeviceEvents([event]);
    expect(first.json).toStrictEqual({ accepted: 1, rejected: [] });
    const [stored] = await deviceEventRows([event.eventId]);

    const reordered = Object.fromEntries(Object.entries(event).reverse());
    const body = JSON.stringify({ events: [reordered, event] }, null, 2);
    const replay = await sendDeviceEvents(body);
    expect(replay.status).toBe(200);
    expect(replay.json).toStrictEqual({ accepted: 2, rejected: [] });
    expect(await deviceEventRows([event.eventId])).toStrictEqual([stored]);
  });

  it("rejects another event under a used eventId as a conflict and keeps the first", async () => {
    const event = integrityEvent();
    expect((await sendDeviceEvents([event])).json).toStrictEqual({ accepted: 1, rejected: [] });
    const [stored] = await deviceEventRows([event.eventId]);

    const other = loginEvent();
    const changed = { ...event, rooted: true };
    const answer = await sendDeviceEvents([other, changed, { ...event, note: "x" }, event]);
    expect(answer.json).toStrictEqual({
      accepted: 2,
      rejected: [
        { index: 1, reason: "conflict" },
        { index: 2, reason: "conflict" },
      ],
    });
    expect(await deviceEventRows([event.eventId])).toStrictEqual([stored]);
    expect(await deviceEventRows([other.eventId])).toHaveLength(1);
  });

  it("within one batch the first event under an id decides; a copy of it is accepted", async () => {
    const event = loginEvent();
    const changed = { ...event, customerId: uniqueId("C") };
    const answer = await sendDeviceEvents([event, changed, event]);
    expect(answer.json).toStrictEqual({
      accepted: 2,
      rejected: [{ index: 1, reason: "conflict" }],
    });
    const rows = await deviceEventRows([event.eventId]);
    expect(rows.map((r) => r.customerId)).toEqual([event.customerId]);
  });

  it("a new batch whose first event under a used id conflicts rejects every copy of it", async () => {
    const event = loginEvent();
    await sendDeviceEvents([event]);
    const changed = { ...event, deviceId: uniqueId("DEV") };
    const answer = await sendDeviceEvents([changed, changed]);
    expect(answer.json).toStrictEqual({
      accepted: 0,
      rejected: [
        { index: 0, reason: "conflict" },
        { index: 1, reason: "conflict" },
      ],
    });
  });
});

describe("POST /api/wallet/v1/device-events: concurrent copies", () => {
  it("the same batch sent 8 times at once: one row per event, every copy accepted", async () => {
    const events = Array.from({ length: 50 }, (_, i) => (i % 2 ? loginEvent() : integrityEvent()));
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        // Different orders, so that the copies' inserts overlap in every way.
        sendDeviceEvents(i % 2 ? [...events].reverse() : events),
      ),
    );
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect(answer.json).toStrictEqual({ accepted: 50, rejected: [] });
    }
    expect(await deviceEventRows(idsOf(events))).toHaveLength(50);
  });

  it("different events under one id at once: exactly one is accepted and it is the one stored", async () => {
    const eventId = uniqueId("EV");
    const variants = Array.from({ length: 6 }, () => loginEvent({ eventId }));
    const answers = await Promise.all(variants.map((event) => sendDeviceEvents([event])));
    const winners = answers.flatMap((answer, i) => {
      expect(answer.status).toBe(200);
      const json = answer.json as unknown as { accepted: number; rejected: unknown[] };
      if (json.accepted === 1) return [i];
      expect(json).toStrictEqual({ accepted: 0, rejected: [{ index: 0, reason: "conflict" }] });
      return [];
    });
    expect(winners).toHaveLength(1);
    const rows = await deviceEventRows([eventId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.raw).toStrictEqual(variants[winners[0]!]);
  });

  it("one id at different times, months apart, at once: exactly one is stored", async () => {
    // The events are partitioned by month of `at`: the id stays unique across months.
    const eventId = uniqueId("EV");
    const variants = [0, 35, 70, 105, 140, 175].map((days) =>
      loginEvent({ eventId, at: isoFromNow(-days * DAY - 60_000) }),
    );
    const answers = await Promise.all(variants.map((event) => sendDeviceEvents([event])));
    const accepted = answers.map(
      (answer) => (answer.json as unknown as { accepted: number }).accepted,
    );
    expect(accepted.filter((n) => n === 1)).toHaveLength(1);
    const rows = await deviceEventRows([eventId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.raw).toStrictEqual(variants[accepted.indexOf(1)]);
  });
});

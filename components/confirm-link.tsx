"use client";

import { useEffect, useRef, useState } from "react";

export interface MerchantCountdown {
  seconds: number;
  /** The customer's language, for "6 seconds" in words (Intl picks the plural). */
  locale: string;
  /** "Returning to the merchant in {time}". */
  returning: string;
  stop: string;
  /** Said when the customer stopped the countdown. */
  stayingHere: string;
}

type Phase = "waiting" | "counting" | "stopped";

/**
 * Confirm on a payment result: a plain link to where the customer goes next, so it works before
 * JavaScript has loaded. With `countdown` (going back to the merchant), once the page is running it
 * also counts down and then opens the link by itself, unless the customer taps Stop:
 *
 * - the countdown is said once, politely, when it starts (a status region), and again when it is
 *   stopped; the ticking seconds are for the eye only, so a screen reader is not interrupted every
 *   second;
 * - Stop is a visible button; when it goes away, focus moves to Confirm, not to the page's start;
 * - any sign that the customer is using the page — a tap, a key, focus moving (a screen reader
 *   walking the page), the web view going to the background — stops it as Stop would (Confirm
 *   and Stop themselves excepted: they act on their own): a timed redirect must never catch
 *   someone reading (WCAG 2.2.1);
 * - it runs once per result page in a tab: back from the merchant (a reload, or a page restored
 *   from the back-forward cache) the page stays where it is;
 * - nothing moves on screen but the number, so there is no animation for reduced motion to calm.
 */
export function ConfirmLink({
  href,
  label,
  countdown,
}: {
  href: string;
  label: string;
  countdown?: MerchantCountdown;
}) {
  const box = useRef<HTMLDivElement>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const ticking = useRef<ReturnType<typeof setInterval>>(undefined);
  const [phase, setPhase] = useState<Phase>("waiting");
  const [remaining, setRemaining] = useState(countdown?.seconds ?? 0);
  const seconds = countdown?.seconds;

  useEffect(() => {
    if (seconds === undefined) return;
    const ranKey = `plusdesk.merchant-return:${window.location.pathname}`;
    if (window.sessionStorage.getItem(ranKey)) return;
    let left = seconds;
    const halt = () => {
      clearInterval(ticking.current);
      ticking.current = undefined;
      for (const name of INTERACTIONS) document.removeEventListener(name, interrupted, true);
      document.removeEventListener("visibilitychange", hidden);
    };
    const interrupted = (event?: Event) => {
      // Confirm and Stop answer for themselves (Stop also puts focus on Confirm); stopping here
      // on their pointerdown would take Stop away under the finger and drop the focus.
      if (event?.target instanceof Node && box.current?.contains(event.target)) return;
      halt();
      setPhase("stopped");
    };
    const hidden = () => {
      if (document.visibilityState === "hidden") interrupted();
    };
    // Started by a timer, not during the first render: the status region is on the page before
    // its text changes, so the change is announced.
    const start = setTimeout(() => {
      window.sessionStorage.setItem(ranKey, "1");
      setPhase("counting");
      for (const name of INTERACTIONS) document.addEventListener(name, interrupted, true);
      document.addEventListener("visibilitychange", hidden);
      ticking.current = setInterval(() => {
        left -= 1;
        setRemaining(left);
        if (left > 0) return;
        halt();
        window.location.assign(href);
      }, 1000);
    }, 0);
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted && ticking.current !== undefined) interrupted();
    };
    window.addEventListener("pageshow", restored);
    window.addEventListener("pagehide", halt);
    return () => {
      clearTimeout(start);
      halt();
      window.removeEventListener("pageshow", restored);
      window.removeEventListener("pagehide", halt);
    };
  }, [seconds, href]);

  const stop = () => {
    clearInterval(ticking.current);
    ticking.current = undefined;
    setPhase("stopped");
    link.current?.focus();
  };

  return (
    <div ref={box} className="flex flex-col gap-3 px-4 pt-6 text-center">
      <a
        ref={link}
        href={href}
        className="flex min-h-12 w-full items-center justify-center rounded-lg bg-sky-700 px-4 text-base font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
      >
        {label}
      </a>
      {countdown && (
        <>
          <p role="status" className="sr-only">
            {phase === "counting" && fill(countdown, countdown.seconds)}
            {phase === "stopped" && countdown.stayingHere}
          </p>
          {phase === "counting" && (
            <div className="flex items-center justify-center gap-3 text-sm text-slate-700">
              <p aria-hidden="true" data-testid="merchant-countdown">
                {fill(countdown, Math.max(remaining, 0))}
              </p>
              <button
                type="button"
                onClick={stop}
                className="min-h-11 rounded-lg border border-slate-300 bg-white px-4 font-semibold text-slate-900 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
              >
                {countdown.stop}
              </button>
            </div>
          )}
          {phase === "stopped" && (
            <p aria-hidden="true" className="text-sm text-slate-700">
              {countdown.stayingHere}
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** What the customer does on a page they are reading: each stops the countdown. */
const INTERACTIONS = ["pointerdown", "keydown", "focusin"] as const;

function fill(countdown: MerchantCountdown, seconds: number): string {
  const time = new Intl.NumberFormat(countdown.locale, {
    style: "unit",
    unit: "second",
    unitDisplay: "long",
  }).format(seconds);
  return countdown.returning.replace("{time}", time);
}

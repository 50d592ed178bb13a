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
 * - nothing moves on screen but the number, so there is no animation for reduced motion to calm;
 * - a page restored from the back-forward cache stays where it is: no second countdown.
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
  const link = useRef<HTMLAnchorElement>(null);
  const ticking = useRef<ReturnType<typeof setInterval>>(undefined);
  const [phase, setPhase] = useState<Phase>("waiting");
  const [remaining, setRemaining] = useState(countdown?.seconds ?? 0);
  const seconds = countdown?.seconds;

  useEffect(() => {
    if (seconds === undefined) return;
    let left = seconds;
    // Started by a timer, not during the first render: the status region is on the page before
    // its text changes, so the change is announced.
    const start = setTimeout(() => {
      setPhase("counting");
      ticking.current = setInterval(() => {
        left -= 1;
        setRemaining(left);
        if (left > 0) return;
        clearInterval(ticking.current);
        window.location.assign(href);
      }, 1000);
    }, 0);
    const restored = (event: PageTransitionEvent) => {
      if (event.persisted) setPhase("stopped");
    };
    window.addEventListener("pageshow", restored);
    return () => {
      clearTimeout(start);
      clearInterval(ticking.current);
      window.removeEventListener("pageshow", restored);
    };
  }, [seconds, href]);

  const stop = () => {
    clearInterval(ticking.current);
    setPhase("stopped");
    link.current?.focus();
  };

  return (
    <div className="flex flex-col gap-3 px-4 pt-6 text-center">
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

function fill(countdown: MerchantCountdown, seconds: number): string {
  const time = new Intl.NumberFormat(countdown.locale, {
    style: "unit",
    unit: "second",
    unitDisplay: "long",
  }).format(seconds);
  return countdown.returning.replace("{time}", time);
}

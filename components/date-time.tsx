/**
 * A point in time in the customer's language and time zone (the launch token's `tz`). Without one,
 * the time is shown in UTC and says so, rather than in whatever zone the server runs in.
 *
 * Korean reads a 24-hour clock: the 12-hour day period comes from ICU's data, and CLDR 48.0–48.1
 * (ICU 78, which Node ships) has it as "AM"/"PM" in Korean, while browsers with other ICU data say
 * "오전"/"오후" — English words on a Korean page, and history rows loaded by infinite scroll (formatted
 * in the browser) reading differently from the server-rendered ones.
 */
export function DateTime({
  value,
  locale,
  timeZone,
}: {
  value: Date | string;
  locale: string;
  timeZone: string | undefined;
}) {
  const date = new Date(value);
  const text = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hourCycle: locale === "ko" ? "h23" : undefined,
    timeZone: timeZone ?? "UTC",
    timeZoneName: timeZone ? undefined : "short",
  }).format(date);
  return <time dateTime={date.toISOString()}>{text}</time>;
}

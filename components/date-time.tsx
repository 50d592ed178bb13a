/**
 * A point in time in the customer's language and time zone (the launch token's `tz`). Without one,
 * the time is shown in UTC and says so, rather than in whatever zone the server runs in.
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
    timeZone: timeZone ?? "UTC",
    timeZoneName: timeZone ? undefined : "short",
  }).format(date);
  return <time dateTime={date.toISOString()}>{text}</time>;
}

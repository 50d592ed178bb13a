/** One JSON line per event on stdout (README "Call log"): ids, codes, latency — never secrets. */
export function logEvent(
  event: string,
  fields: Record<string, unknown>,
  level: "info" | "warn" | "error" = "info",
): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "info") console.log(line);
  else console.error(line);
}

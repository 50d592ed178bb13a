import type { RuleSetSummary } from "@/server/risk/rule-sets";

/** The versions as a select's options, the live one and the draft said so. */
export function versionOptions(
  versions: readonly Pick<RuleSetSummary, "version" | "live" | "status">[],
) {
  return versions.map((v) => ({
    value: String(v.version),
    label: `version ${v.version}${v.live ? " (live)" : v.status === "DRAFT" ? " (draft)" : ""}`,
  }));
}

/** A version number from the URL, or null. */
export function versionParam(text: string | undefined): number | null {
  return text && /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

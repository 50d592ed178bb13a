import { describe, expect, it } from "vitest";
import { LOCALES } from "../locales";
import { messagesFor } from "../messages";

/** Every text of a catalogue with its key path, e.g. ["history.saved", "Saved {amount}"]. */
function texts(tree: object, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === "string"
      ? [[prefix + key, value]]
      : texts(value as object, `${prefix}${key}.`),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const reference = new Map(texts(messagesFor("en")));

describe.each(LOCALES.filter((locale) => locale !== "en"))("the %s catalogue", (locale) => {
  // The types make sure every key is there; they cannot see inside the strings.
  it("fills the same placeholders as English and leaves no text empty", () => {
    for (const [key, text] of texts(messagesFor(locale))) {
      expect(placeholders(text), key).toEqual(placeholders(reference.get(key) ?? ""));
      expect(text.trim(), key).not.toBe("");
    }
  });
});

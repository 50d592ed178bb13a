/**
 * RFC 4180 CSV, record by record, each with the line it starts on, so that a bad record is
 * reported by line and the records after it are still read. Fields are separated by commas;
 * records by CRLF or LF; a field holding a comma, a quote or a line break is quoted, with quotes
 * doubled inside. A UTF-8 byte order mark is skipped; blank lines are ignored.
 *
 * Written here rather than taken from csv-parse (7.0.3, measured): after a malformed record it
 * resynchronises late and swallows the good records that follow, and it reports the line a
 * record ends on, not the one it starts on.
 */

export type CsvRecord =
  | { line: number; fields: string[] }
  | {
      line: number;
      /** What is wrong, e.g. `a quoted field must be followed by a comma or a line break`. */
      error: string;
    };

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let pos = text.startsWith("\uFEFF") ? 1 : 0;
  let line = 1;

  /** Skips to just after the next line break (or the end) after a malformed record. */
  const skipLine = () => {
    const next = text.indexOf("\n", pos);
    pos = next === -1 ? text.length : next + 1;
    line++;
  };

  while (pos < text.length) {
    const start = line;
    const startPos = pos;
    // A blank line (LF or CRLF) is no record.
    if (text[pos] === "\n" || (text[pos] === "\r" && text[pos + 1] === "\n")) {
      pos += text[pos] === "\n" ? 1 : 2;
      line++;
      continue;
    }
    const fields: string[] = [];
    let error: string | null = null;
    let resynchronised = false;
    for (;;) {
      if (text[pos] === '"') {
        // Quoted: anything up to a quote that is not doubled, line breaks included.
        let value = "";
        let closed = false;
        pos++;
        while (pos < text.length) {
          const quote = text.indexOf('"', pos);
          if (quote === -1) break;
          const chunk = text.slice(pos, quote);
          value += chunk;
          line += countLineBreaks(chunk);
          if (text[quote + 1] === '"') {
            value += '"';
            pos = quote + 2;
            continue;
          }
          pos = quote + 1;
          closed = true;
          break;
        }
        if (!closed) {
          // Nothing after an unclosed quote can be read with confidence: report it, then read on
          // from the line after the one the record started on.
          records.push({ line: start, error: "a quoted field is never closed" });
          const next = text.indexOf("\n", startPos);
          pos = next === -1 ? text.length : next + 1;
          line = start + 1;
          resynchronised = true;
          break;
        }
        fields.push(value);
      } else {
        let end = pos;
        while (end < text.length && !",\r\n".includes(text[end]!)) end++;
        const value = text.slice(pos, end);
        pos = end;
        if (value.includes('"')) {
          error = "a field holding a quote must be quoted, with the quote doubled";
          break;
        }
        fields.push(value);
      }
      // After a field: a comma, a line break or the end.
      if (text[pos] === ",") {
        pos++;
        continue;
      }
      if (pos >= text.length) break;
      if (text[pos] === "\n" || (text[pos] === "\r" && text[pos + 1] === "\n")) {
        pos += text[pos] === "\n" ? 1 : 2;
        line++;
        break;
      }
      error =
        text[pos] === "\r"
          ? "a carriage return must be followed by a line feed, or be inside quotes"
          : "a quoted field must be followed by a comma or a line break";
      break;
    }
    if (resynchronised) continue;
    if (error !== null) {
      records.push({ line: start, error });
      // The rest of the physical line where the problem is belongs to the bad record.
      if (pos < text.length) skipLine();
      continue;
    }
    records.push({ line: start, fields });
  }
  return records;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

/** One field, quoted when RFC 4180 requires it (and when it starts like a byte order mark). */
export function csvField(value: string): string {
  return /[",\r\n]|^\uFEFF/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** What makes a spreadsheet read a cell as a formula (after NFKC: full-width and small forms too). */
const FORMULA_STARTS = new Set(["=", "+", "-", "@"]);

/**
 * Text a spreadsheet would run as a formula: it starts with a tab or a carriage return, or its
 * first character after any white space is `=`, `+`, `-` or `@` in any width (OWASP "CSV
 * Injection", owasp.org/www-community/attacks/CSV_Injection; leading spaces count because an
 * import that trims them would otherwise reveal the formula).
 */
function startsLikeFormula(text: string): boolean {
  if (text.startsWith("\t") || text.startsWith("\r")) return true;
  const first = text.trimStart().charAt(0);
  return first !== "" && FORMULA_STARTS.has(first.normalize("NFKC"));
}

/**
 * One cell of a file made for a spreadsheet, as OWASP advises: text is always quoted (so a `;`
 * list separator inside it cannot start a cell of its own), and text that starts like a formula
 * gets a leading `'`, which spreadsheets read as "this is text". Numbers (bigint or integer) are
 * written bare and stay numbers, a negative amount too; null is an empty cell.
 */
export function spreadsheetCell(value: string | bigint | number | null): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = startsLikeFormula(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The largest cases CSV taken, in bytes: through the console's upload (a Next server action
 * takes at most 1 MB per request) and through `cases.importCsv` alike. No imports, so the upload
 * form (a client component) checks the same number before sending.
 */
export const MAX_CASES_CSV_BYTES = 1_000_000;

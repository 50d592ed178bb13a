/**
 * The CSV upload's size limit, shared by the form (checked before sending) and its server action:
 * Next's server actions take at most 1 MB per request.
 */
export const CASE_UPLOAD_MAX_BYTES = 1_000_000;

import { TextField } from "./field";

/** What an entry says beyond its subject: why it is there (required) and until when (UTC). */
export function ListsEntryFields({ reason, expiresAt }: { reason: string; expiresAt: string }) {
  return (
    <>
      <TextField
        label="Reason"
        name="reason"
        required
        maxLength={500}
        defaultValue={reason}
        hint="Required: what someone reading this later needs to know."
      />
      <TextField
        label="Expires (UTC)"
        name="expiresAt"
        type="datetime-local"
        defaultValue={expiresAt}
        hint="Blank: never expires."
      />
    </>
  );
}

"use server";

import { revalidatePath } from "next/cache";
import type { CaseImportState } from "@/components/staff/case-import-form";
import { MAX_CASES_CSV_BYTES } from "@/server/cases/csv-limit";
import { runStaffAction } from "../../staff-api";

/** The CSV upload: the file's text goes to `cases.importCsv`; refused rows come back by line. */
export async function importCasesAction(
  _state: CaseImportState | null,
  form: FormData,
): Promise<CaseImportState> {
  const empty = { problems: [], created: [], unchanged: [], conflicts: [] };
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return { ok: false, message: "Choose a CSV file to import.", ...empty };
  }
  if (file.size > MAX_CASES_CSV_BYTES) {
    return { ok: false, message: "The file is larger than 1 MB: split it.", ...empty };
  }
  const csv = await file.text();
  let outcome: Omit<CaseImportState, "ok" | "message"> = empty;
  const state = await runStaffAction(async (api) => {
    const imported = await api.cases.importCsv({ csv });
    outcome = {
      problems: imported.bad,
      created: imported.created,
      unchanged: imported.unchanged,
      conflicts: imported.conflicts,
    };
    revalidatePath("/staff/cases");
    return [
      `${imported.created.length} case${imported.created.length === 1 ? "" : "s"} created`,
      `${imported.unchanged.length} already there`,
      `${imported.conflicts.length} in conflict`,
      `${imported.bad.length} row${imported.bad.length === 1 ? "" : "s"} left out.`,
    ].join(", ");
  });
  return {
    ...state,
    ok: state.ok && outcome.problems.length === 0 && outcome.conflicts.length === 0,
    ...outcome,
  };
}

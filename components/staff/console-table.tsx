import type { ReactNode } from "react";

/** A column heading: its text, or the text and extra classes (e.g. `text-right` for amounts). */
export type ConsoleColumn = ReactNode | { label: ReactNode; className: string };

const HEADER_CELL = "px-3 py-2";

/**
 * The console's data table: it scrolls inside its own box on a narrow screen (framed, unless it
 * sits in a card already), has a caption (for screen readers only unless `showCaption`), and one
 * header row. `columns` may hold `false`
 * for a column the viewer does not get. The body is the children (one or more <tbody>); `empty`,
 * when given, is shown across the whole width instead.
 */
export function ConsoleTable({
  caption,
  showCaption = false,
  framed = true,
  columns,
  empty,
  children,
}: {
  caption: ReactNode;
  showCaption?: boolean;
  framed?: boolean;
  columns: readonly (ConsoleColumn | false)[];
  empty?: ReactNode;
  children?: ReactNode;
}) {
  const shown = columns.filter((column) => column !== false);
  return (
    <div
      className={
        framed ? "overflow-x-auto rounded-lg border border-slate-200 bg-white" : "overflow-x-auto"
      }
    >
      <table className="w-full text-left text-sm">
        <caption className={showCaption ? "px-3 pt-3 text-left font-medium" : "sr-only"}>
          {caption}
        </caption>
        <thead className="bg-slate-50 text-xs uppercase text-slate-600">
          <tr>
            {shown.map((column, i) => {
              const labelled = isLabelled(column);
              return (
                <th
                  key={i}
                  scope="col"
                  className={labelled ? `${HEADER_CELL} ${column.className}` : HEADER_CELL}
                >
                  {labelled ? column.label : column}
                </th>
              );
            })}
          </tr>
        </thead>
        {empty ? (
          <tbody>
            <tr>
              <td colSpan={shown.length} className="px-4 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          </tbody>
        ) : (
          children
        )}
      </table>
    </div>
  );
}

function isLabelled(column: ConsoleColumn): column is { label: ReactNode; className: string } {
  return typeof column === "object" && column !== null && "className" in column;
}

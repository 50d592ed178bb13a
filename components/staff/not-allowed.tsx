/** What a page shows a role below its permission (the procedures refuse the data anyway). */
export function NotAllowed({ message }: { message: string }) {
  return (
    <p
      role="alert"
      className="rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
    >
      Your role cannot open this page ({message}).
    </p>
  );
}

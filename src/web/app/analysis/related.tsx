/** Records related to one record by correlation (possible duplicates, patterns, arms tracing). */
export function Related({ id }: { id: string }) {
  void id;
  return null;
}

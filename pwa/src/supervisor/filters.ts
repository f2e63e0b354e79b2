/** The order list's filters, kept in the address so that a reload or a shared link shows the
 * same list. */

export const FILTER_KEYS = ["status", "hold_reason", "channel", "tag", "ship_date_from", "ship_date_to", "q"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  // A hold reason only narrows held orders; the API would otherwise answer an empty list.
  if (filters.hold_reason && !filters.status) filters.status = "on_hold";
  return filters;
}

export function writeFilters(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

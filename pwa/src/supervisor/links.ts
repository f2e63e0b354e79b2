/** Links with a query string: the app router keys screens on the path alone, so the query is
 * set here and the screens read it from `location.search`. */

export function go(href: string): void {
  if (href === location.pathname + location.search) return;
  history.pushState(null, "", href);
  // The router and the screens both follow popstate, so one event moves them together.
  dispatchEvent(new PopStateEvent("popstate"));
}

export function onQueryLink(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  go(anchor.pathname + anchor.search);
}

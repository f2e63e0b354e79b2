import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { refusal, type Refusal } from "./problem";

export interface Loaded<T> {
  data: T | null;
  error: Refusal | null;
  reload: () => void;
}

/** Load with `fetcher`, again on `reload()`; an answer to an older request never overwrites a
 * newer one (live events can ask for several reloads in a burst). */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  const latest = useRef(0);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    fetcher().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(null);
      },
      (problem) => ticket === latest.current && setError(refusal(problem)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

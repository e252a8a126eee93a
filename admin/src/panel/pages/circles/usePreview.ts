import { useEffect, useRef, useState } from 'react';
import { type CirclePreview, type CircleRule, previewCircle } from '../../api/circles';

export const PREVIEW_DELAY_MS = 400;

export interface PreviewState {
  /** The last answer, for the rule in `key` (may be older than the rule on screen). */
  result: CirclePreview | null;
  key: string | null;
  error: unknown;
  /** A request for the current rule is waiting (debounce or in flight). */
  pending: boolean;
}

const IDLE: PreviewState = { result: null, key: null, error: null, pending: false };

/**
 * Live preview of a complete rule: debounced, the previous request aborted, and only the
 * latest request's answer (or failure) may update the state; a late answer is dropped.
 */
export function useCirclePreview(
  rule: CircleRule | null,
  onRejected?: (err: unknown) => void,
  delay = PREVIEW_DELAY_MS,
): PreviewState {
  const key = rule ? JSON.stringify(rule) : null;
  const [state, setState] = useState<PreviewState>(IDLE);
  const latest = useRef(0);
  const rejected = useRef(onRejected);
  rejected.current = onRejected;

  useEffect(() => {
    const ticket = ++latest.current;
    if (key === null) {
      setState((s) => ({ ...s, pending: false, error: null }));
      return;
    }
    setState((s) => ({ ...s, pending: true, error: null }));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewCircle(JSON.parse(key) as CircleRule, controller.signal).then(
        (result) => {
          if (ticket !== latest.current) return;
          setState({ result, key, error: null, pending: false });
        },
        (error: unknown) => {
          if (ticket !== latest.current || controller.signal.aborted) return;
          setState((s) => ({ ...s, error, pending: false }));
          rejected.current?.(error);
        },
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, delay]);

  return state;
}

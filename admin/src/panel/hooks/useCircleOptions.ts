import { type CircleView, listCircles } from '../api/circles';
import { useApiData } from './useApiData';

/**
 * Circles as select options for targeting (perks, tasks, events): drafts and active circles
 * can be chosen, archived ones only stay visible where already chosen.
 */
export function useCircleOptions() {
  const list = useApiData((signal) => listCircles(signal), []);
  const circles: CircleView[] = list.data?.items ?? [];
  return {
    circles,
    options: circles.map((c) => ({
      value: c.id,
      label: c.status === 'draft' ? `${c.name}（草稿）` : c.name,
      disabled: c.status === 'archived',
    })),
    circleOf: (id: string) => circles.find((c) => c.id === id),
    loading: list.loading,
    /** The list failed to load: the select still works for what is already chosen. */
    error: list.error,
  };
}

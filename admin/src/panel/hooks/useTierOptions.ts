import { fetchLadder } from '../api/tiers';
import { useApiData } from './useApiData';

/** The ladder's tiers as select options (code → name), for filters and forms. */
export function useTierOptions() {
  const ladder = useApiData((signal) => fetchLadder(signal), []);
  const tiers = ladder.data?.tiers ?? [];
  return {
    tiers,
    options: tiers.map((t) => ({ value: t.code, label: t.name })),
    nameOf: (code: string) => tiers.find((t) => t.code === code)?.name ?? code,
    loading: ladder.loading,
  };
}

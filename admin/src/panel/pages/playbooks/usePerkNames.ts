import { listPerks, type PerkView } from '../../api/perks';
import { useApiData } from '../../hooks/useApiData';

/**
 * The perk catalogue for naming perk codes and picking one in a step. Archived perks are kept
 * so an old step still shows a name; a failed load only leaves the codes bare.
 */
export function usePerkCatalogue() {
  const perks = useApiData((signal) => listPerks('all', signal), []);
  const items: PerkView[] = perks.data?.items ?? [];
  return {
    nameOf: (code: string) => items.find((p) => p.code === code)?.name,
    options: items
      .filter((p) => p.status === 'active')
      .map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` })),
    loading: perks.loading,
  };
}

export const usePerkNames = () => usePerkCatalogue().nameOf;

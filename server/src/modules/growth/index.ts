export type { GrowthEntryDoc } from './growth.model';
export { GrowthService } from './growth.service';

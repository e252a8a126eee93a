export { TagsService } from './tags.service';
export type { TagRelationsPort } from './tags.service';

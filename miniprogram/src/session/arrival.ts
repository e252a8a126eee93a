import { rememberEntry, sceneFromQuery } from './entry';
import { bindInvite } from './invite';
import { getSession } from './store';

/**
 * The app's onShow: remember the entry query for the next login, and when a member is already
 * signed in (hot start), bind the invite now — login will not run again for them.
 */
export async function onAppShow(query: Record<string, string | undefined> | undefined) {
  rememberEntry(query);
  const scene = sceneFromQuery(query);
  if (scene && getSession().status === 'member') await bindInvite(scene);
}

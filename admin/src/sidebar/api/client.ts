import { createApiClient } from '../../common/http';

export { ApiError, CLIENT_ERROR_CODES } from '../../common/http';

/** Every sidebar call goes through this: same origin, /api/sidebar prefix, ApiError on failure. */
export const sidebarApi = createApiClient('/api/sidebar');

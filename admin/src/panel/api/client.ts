import { createApiClient } from '../../common/http';

export { ApiError, CLIENT_ERROR_CODES, type RequestOptions } from '../../common/http';

/** Every panel call goes through this: same origin, /api/admin prefix, ApiError on failure. */
export const adminApi = createApiClient('/api/admin');

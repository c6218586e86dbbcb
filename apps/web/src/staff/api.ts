import { createApiClient } from '@turnero/api-client';
import { accessToken, endSession } from './session-store.js';

/**
 * The staff console's API client: the app's typed client with the session's token. A 401 on a
 * request that carried a token means the session is over (expired, account deactivated): back to
 * the login page with a message.
 */
export const staffApi = createApiClient({ token: accessToken });

staffApi.use({
  onResponse({ request, response }) {
    if (response.status === 401 && request.headers.has('authorization')) endSession('unauthorized');
    return response;
  },
});

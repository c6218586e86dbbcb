import { createApiClient } from '@turnero/api-client';

/** The app's one API client (same origin). The staff console will pass `token` once it has a session. */
export const api = createApiClient();

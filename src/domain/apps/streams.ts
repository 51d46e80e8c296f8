export const appStream = (appId: string): string => `app-${appId}`;
/**
 * `resource-<sha256 of an RFC 8707 resource identifier>`: which app holds that resource_uri. Its own
 * category (not `app-`), so no client_id can name it as an app stream.
 */
export const resourceReservationStream = (resourceUriHash: string): string => `resource-${resourceUriHash}`;

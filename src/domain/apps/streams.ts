export const appStream = (appId: string): string => `app-${appId}`;

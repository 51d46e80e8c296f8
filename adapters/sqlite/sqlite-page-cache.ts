/**
 * Each connection's page cache, as SQLite's negative `cache_size` counts it (KiB): 4 MB, for the
 * event log and the read-model files alike. better-sqlite3 builds SQLite with 16 MB per connection,
 * and a server holds several connections to each file (its request thread, the writer thread, the
 * background thread). A reader's cache is emptied whenever another connection commits, so under
 * load it never fills anyway; the operating system caches the files below it.
 */
export const PAGE_CACHE_PRAGMA = 'cache_size = -4000';

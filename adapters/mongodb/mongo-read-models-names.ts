/**
 * The read-model naming rules, shared with the SQLite adapter so that both accept and refuse the
 * same names (the contract suite checks it). Re-exported rather than copied.
 */
export { InvalidReadModelNameError, checkCollectionName, checkFieldName, checkProjectionName } from '../sqlite/sqlite-read-models-names.js';

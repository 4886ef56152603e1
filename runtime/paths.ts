import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Everything planrrr keeps on disk when it runs on embedded defaults. */
export const DATA_DIR = path.join(PROJECT_ROOT, '.data');

#!/usr/bin/env node
// The `atalaya` command: runs the compiled CLI (npm run build produces dist/).
import('../dist/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    console.error('atalaya: the app is not built yet. Run `npm run build` (or `npm start`) first.');
    process.exit(1);
  }
  throw error;
});

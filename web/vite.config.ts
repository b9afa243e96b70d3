import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The SPA is served by the Atalaya server itself; during development run the server and `vite build --watch`.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
});

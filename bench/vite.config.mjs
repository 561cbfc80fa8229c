import { defineConfig } from 'vite';
import { resolve } from 'node:path';

// Builds the baseline pages (floor, naive) for the benchmark; not part of the app.
export default defineConfig({
  root: resolve(import.meta.dirname, 'pages'),
  base: '/bench/',
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '.tmp/pages'),
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        floor: resolve(import.meta.dirname, 'pages/floor.html'),
        naive: resolve(import.meta.dirname, 'pages/naive.html'),
      },
    },
  },
});

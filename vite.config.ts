/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    svelte(),
    // Offline after the first visit: a service worker precaches the built app; the page shows a
    // quiet "reload to update" prompt when a new version is ready (src/lib/state/updates.svelte.ts).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg', 'sample-interview.txt'],
      manifest: {
        name: 'Marginalia — close reading',
        short_name: 'Marginalia',
        description:
          'Read closely, highlight, tag and annotate texts. Your notes stay on your machine.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#fbfaf7',
        theme_color: '#1f5fa8',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,txt,webmanifest}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
  },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.ts', 'server/**/*.test.ts'],
    environment: 'node',
    // Generous: the machines running the suite are shared and noisy, and tests assert
    // correctness, never timings (those are in `npm run bench`).
    testTimeout: 60_000,
    setupFiles: ['src/test-setup.ts'],
  },
});

import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri CLI loads the dev server from this exact address (tauri.conf.json
// `build.devUrl`), so the port must not drift.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // The clerk's guide is read from ../docs, where the repository keeps it.
    fs: { allow: ['.', '../docs'] },
  },
  build: {
    // Nothing is fetched at run time: fonts stay as files next to the
    // bundle instead of being inlined as data: URLs.
    assetsInlineLimit: 0,
  },
});

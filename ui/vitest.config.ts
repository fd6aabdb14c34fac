import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Unit tests of the logic modules (no components): `.svelte.ts` files need
// the Svelte compiler for their runes, and Svelte's browser build so that
// state and derived values behave as in the app.
export default defineConfig({
  plugins: [svelte()],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress, pwa } from './pwa-plugin.ts';

// The API runs on its own port in development; the built app is served by the API server itself.
export default defineConfig({
  base: '/',
  plugins: [
    react(),
    // The collaborator's app shell stays on her phone; the projection and dashboard screens and their charts
    // (office work, most of the build's weight) are fetched only when opened.
    pwa({
      publicFiles: [
        '/manifest.webmanifest',
        '/icons/icon-192.png',
        '/icons/icon-512.png',
        '/icons/maskable-512.png',
        '/icons/apple-touch-icon.png',
      ],
      exclude: [/projections/, /dashboards?/],
      excludeModules: [/node_modules\/(echarts|zrender)\//],
    }),
    precompress(),
  ],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});

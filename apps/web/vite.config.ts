import react from '@vitejs/plugin-react';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import { precompress, pwa } from './pwa-plugin.ts';

/**
 * Whoever opens the app is signed in already or signs in next, so the signed-in screens' code (loaded on
 * demand, to keep it out of the login page's work) is fetched alongside the first screen's, at low
 * priority, rather than one round trip after the session answer.
 */
function preloadSignedInApp(): Plugin {
  return {
    name: 'danso-preload-signed-in-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const chunks = Object.values(context.bundle ?? {}).flatMap((item) =>
          item.type === 'chunk' ? [item] : [],
        );
        const signedIn = chunks.find((chunk) => chunk.name === 'signed-in-app' && chunk.isDynamicEntry);
        if (!signedIn) throw new Error('No signed-in-app chunk to preload');
        const initial = new Set<string>();
        const addInitial = (fileName: string) => {
          if (initial.has(fileName)) return;
          initial.add(fileName);
          for (const imported of chunks.find((chunk) => chunk.fileName === fileName)?.imports ?? [])
            addInitial(imported);
        };
        for (const chunk of chunks) if (chunk.isEntry) addInitial(chunk.fileName);
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const add = (fileName: string) => {
          if (initial.has(fileName) || scripts.has(fileName)) return;
          scripts.add(fileName);
          const chunk = chunks.find((c) => c.fileName === fileName);
          for (const css of chunk?.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const imported of chunk?.imports ?? []) add(imported);
        };
        add(signedIn.fileName);
        const tags: HtmlTagDescriptor[] = [
          ...[...scripts].map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, fetchpriority: 'low', href: `/${file}` },
            injectTo: 'head' as const,
          })),
          ...[...styles].map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, fetchpriority: 'low', href: `/${file}` },
            injectTo: 'head' as const,
          })),
        ];
        return { html, tags };
      },
    },
  };
}

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
    preloadSignedInApp(),
    precompress(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the first screen needs in one file: left to itself the bundler cuts it into small
          // chunks shared with later screens, each one more request on a phone's slow network.
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});

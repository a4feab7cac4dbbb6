/**
 * Emits the service worker at /sw.js with the list of files it keeps on the phone (the app shell: every file
 * of the build but those `exclude` names) and a version that changes whenever one of them does.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export interface PwaOptions {
  /** Files of `public/` to keep as well, as served (e.g. '/manifest.webmanifest'). */
  publicFiles: string[];
  /** Built files not kept ahead of use (screens collaborators never open offline). */
  exclude: RegExp[];
}

export function pwa(options: PwaOptions): Plugin {
  const source = path.join(import.meta.dirname, 'src/lib/offline/sw/service-worker.js');
  return {
    name: 'danso-pwa',
    apply: 'build',
    generateBundle(_, bundle) {
      const built = Object.values(bundle)
        .map((item) => item.fileName)
        .filter((name) => name !== 'index.html' && !options.exclude.some((re) => re.test(name)))
        .map((name) => `/${name}`)
        .sort();
      const hash = createHash('sha256');
      for (const item of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
        hash.update(item.fileName);
        if (item.type === 'asset') hash.update(item.source);
        else hash.update(item.code);
      }
      const publicDir = path.join(import.meta.dirname, 'public');
      for (const file of options.publicFiles) hash.update(readFileSync(path.join(publicDir, file)));
      const manifest = {
        version: hash.digest('hex').slice(0, 16),
        files: ['/index.html', ...options.publicFiles, ...built],
      };
      const worker = readFileSync(source, 'utf8').replace(
        'self.__DANSO_PRECACHE__',
        JSON.stringify(manifest),
      );
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker });
    },
  };
}

/**
 * Emits the service worker at /sw.js with the list of files it keeps on the phone (the app shell: every file
 * of the build but those `exclude` names) and a version that changes whenever one of them does.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip as gzipCallback, constants as zlibConstants } from 'node:zlib';
import type { Plugin } from 'vite';

export interface PwaOptions {
  /** Files of `public/` to keep as well, as served (e.g. '/manifest.webmanifest'). */
  publicFiles: string[];
  /** Built files not kept ahead of use (screens collaborators never open offline), by name. */
  exclude: RegExp[];
  /** Chunks not kept ahead of use when one of their modules matches (a large library of office screens). */
  excludeModules?: RegExp[];
}

export function pwa(options: PwaOptions): Plugin {
  const source = path.join(import.meta.dirname, 'src/lib/offline/sw/service-worker.js');
  return {
    name: 'danso-pwa',
    apply: 'build',
    generateBundle(_, bundle) {
      const skipped = new Set(
        Object.values(bundle)
          .filter(
            (item) =>
              item.type === 'chunk' &&
              item.moduleIds.some((id) => (options.excludeModules ?? []).some((re) => re.test(id))),
          )
          .map((item) => item.fileName),
      );
      const built = Object.values(bundle)
        .map((item) => item.fileName)
        .filter(
          (name) =>
            name !== 'index.html' && !skipped.has(name) && !options.exclude.some((re) => re.test(name)),
        )
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

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy beside each text file of the build, which the server sends to
 * browsers that accept them (@fastify/static `preCompressed`): the phone downloads the compressed size at no
 * compression cost per request.
 */
const brotli = promisify(brotliCompress);
const gzip = promisify(gzipCallback);

export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'danso-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
        );
      const files = walk(outDir).filter((file) => /\.(js|css|html|webmanifest|svg|json)$/.test(file));
      // Compressed on the thread pool, all at once: the largest file decides the time.
      await Promise.all(
        files.map(async (file) => {
          const source = await readFile(file);
          if (source.length < 1024) return;
          const [br, gz] = await Promise.all([
            brotli(source, {
              params: {
                [zlibConstants.BROTLI_PARAM_QUALITY]: source.length > 200_000 ? 9 : 11,
                [zlibConstants.BROTLI_PARAM_SIZE_HINT]: source.length,
              },
            }),
            gzip(source, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

/**
 * Builds the web application into dist/web/public, which the node serves at `/`
 * (src/web/server/static.ts). Preact through esbuild's automatic JSX runtime: no plugin needed.
 * Two small plugins: the offline basemap made from assets/boundaries, and precompressed copies
 * (Brotli, gzip) of every text file so the node sends small responses without compressing live.
 */
import { defineConfig, type Plugin } from 'vite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildBasemap } from './build/basemap.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../../dist/web/public/', import.meta.url));
const BOUNDARIES = fileURLToPath(new URL('../../assets/boundaries/', import.meta.url));

function basemap(): Plugin {
  return {
    name: 'sentinelle-basemap',
    apply: 'build',
    generateBundle() {
      const { countries, admin1 } = buildBasemap(BOUNDARIES);
      this.emitFile({ type: 'asset', fileName: 'basemap/countries.json', source: JSON.stringify(countries) });
      this.emitFile({ type: 'asset', fileName: 'basemap/admin1.json', source: JSON.stringify(admin1) });
    },
  };
}

function precompress(): Plugin {
  return {
    name: 'sentinelle-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? OUT_DIR;
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|json|svg)$/.test(name)) continue;
        const raw = readFileSync(join(dir, name));
        if (raw.length < 1024) continue;
        writeFileSync(
          join(dir, `${name}.br`),
          brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        writeFileSync(join(dir, `${name}.gz`), gzipSync(raw, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: HERE,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    // MapLibre (≈ 1 MB, 270 kB with Brotli) gets its own chunk: cached for a year under its hashed
    // name, it is not downloaded again when only the application changes.
    chunkSizeWarningLimit: 1100,
    reportCompressedSize: false,
    rollupOptions: {
      output: { manualChunks: (id) => (id.includes('/node_modules/maplibre-gl/') ? 'maplibre' : undefined) },
    },
  },
  // `vite --config src/web/vite.config.ts` during development, against a node on :8080.
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/basemap': 'http://127.0.0.1:8080' } },
  plugins: [basemap(), precompress()],
});

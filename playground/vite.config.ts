// Vite serves and builds the playground from this folder. The page imports the library straight
// from ../src (TypeScript with .ts extensions), so the dev server may read the whole repository.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  server: { fs: { allow: [repository] } },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});

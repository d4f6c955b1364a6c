import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const editorRoot = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://127.0.0.1:8787';

export default defineConfig({
  root: editorRoot,
  plugins: [react(), tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the studio (index.html) and the viewer of published apps (viewer.html), which
      // shares only the vendor chunks it needs (React, zod) and none of the studio's code.
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        viewer: fileURLToPath(new URL('./viewer.html', import.meta.url)),
      },
      output: {
        // Vendor chunks change far less often than the studio's own code, so browsers keep them cached.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // The router apart from React (and after it, so React stays in its own chunk): the
            // studio routes, published apps (viewer.html) do not and never download it.
            { name: 'react-router', test: /node_modules[\\/]react-router[\\/]/ },
            { name: 'supabase', test: /node_modules[\\/](@supabase|iceberg-js|tslib)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // The studio talks to the Node platform over HTTP, exactly as in production.
    proxy: {
      '/api': backend,
      '/auth': backend,
      '/health': backend,
      '/studio-config.json': backend,
    },
  },
  preview: {
    proxy: {
      '/api': backend,
      '/auth': backend,
      '/health': backend,
      '/studio-config.json': backend,
    },
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The lab runs entirely in the browser; workers are ES modules so they can import the same src/ code.
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { port: 5173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});

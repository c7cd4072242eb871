import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

/**
 * The console is served on CONSOLE_PORT (10087) and reaches the API through this server's `/api` proxy, so the
 * session cookie is same-origin (SameSite=Strict) and the API needs no CORS for it.
 */
const port = Number(process.env.CONSOLE_PORT ?? 10087);
const apiTarget = process.env.CONSOLE_API_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;

const proxy: Record<string, ProxyOptions> = {
  '/api': { target: apiTarget, changeOrigin: true, rewrite: (path) => path.replace(/^\/api(?=\/|$)/, '') },
};

/**
 * antd writes its styles at run time (CSS-in-JS), hence style-src 'unsafe-inline'. Scripts: only our own files
 * in the built console; the dev server adds what React Fast Refresh injects (an inline preamble and a WebSocket).
 */
function securityHeaders(dev: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', port, strictPort: true, proxy, headers: securityHeaders(true) },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy, headers: securityHeaders(false) },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 2000 },
});

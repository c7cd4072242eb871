// A tiny static file server for the production H5 build (loopback only). The app uses hash routing, so
// every unknown path can fall back to index.html.
//   node scripts/serve-static.mjs [dir=dist/h5] [port=$H5_PORT or 10086]
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

async function fileFor(root, urlPath) {
  let pathname
  try {
    pathname = decodeURIComponent(urlPath.split('?')[0])
  } catch {
    return null
  }
  const candidate = normalize(join(root, pathname))
  if (candidate !== root && !candidate.startsWith(root + sep)) return null
  for (const path of [candidate, join(candidate, 'index.html'), join(root, 'index.html')]) {
    try {
      if ((await stat(path)).isFile()) return path
    } catch {
      // try the next candidate
    }
  }
  return null
}

/** Resolves with the listening server once it accepts connections. */
export function serveStatic(dir, port, host = '127.0.0.1') {
  const root = resolve(dir)
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    const path = await fileFor(root, req.url ?? '/')
    if (!path) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
    })
    if (req.method === 'HEAD') res.end()
    else createReadStream(path).pipe(res)
  })
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolvePromise(server))
  })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist/h5'
  const port = Number(process.argv[3] ?? process.env.H5_PORT ?? 10086)
  const server = await serveStatic(dir, port)
  const { port: actual } = server.address()
  console.log(`minipay H5 (static ${dir}) at http://127.0.0.1:${actual}/`)
}

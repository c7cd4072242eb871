// Baseline: bare Fastify 5 (same version as the API), no plugins, no logging.
// GET /health/live → {status:'ok'}; POST /webhooks/:provider → parses JSON like any handler would, answers 200.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health/live', async () => ({ status: 'ok' }));
app.post('/webhooks/:provider', async (request) => ({ ok: typeof request.body === 'object' }));
const port = Number(process.env.PORT ?? 0);
await app.listen({ host: '127.0.0.1', port });
console.log(`fastify-hello listening on ${port}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

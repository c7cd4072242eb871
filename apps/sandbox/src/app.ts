import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { adyenRoutes } from './adyen/adyen.routes';
import { resolveOptions, type SandboxOptions } from './config';
import { createContext, type SandboxContext } from './context';
import { controlRoutes } from './control/control.routes';
import { intentsRoutes } from './intents/intents.routes';
import { registerWechatRoutes } from './wechat/wechat.routes';
import { wechatpayRoutes } from './wechatpay/wechatpay.routes';

const contexts = new WeakMap<FastifyInstance, SandboxContext>();

/** The state, faults and notifier behind an app built by buildSandbox (for in-process tests). */
export function sandboxContextOf(app: FastifyInstance): SandboxContext {
  const ctx = contexts.get(app);
  if (!ctx) throw new Error('not a sandbox app');
  return ctx;
}

/** Builds the sandbox without listening; use app.inject() or startSandbox(). */
export function buildSandbox(opts: SandboxOptions = {}): FastifyInstance {
  const options = resolveOptions(opts);
  const ctx = createContext(options);
  const app = Fastify({
    // A test harness must close promptly even while clients hold keep-alive sockets or a delayed reply is pending.
    forceCloseConnections: true,
    logger: options.logger
      ? {
          level: 'info',
          // Never log credentials: query strings carry the WeChat secret, headers the API keys and tokens.
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
          },
        }
      : false,
  });
  contexts.set(app, ctx);

  // An empty JSON body is treated as no body, so a bare `POST …/approve` from a browser works;
  // malformed JSON is still a 400 in each surface's own error shape.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      (err as { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });

  // The mini program's H5 build (another origin) drives the control surface from the browser.
  void app.register(cors, { origin: true, methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] });
  registerWechatRoutes(app, ctx);
  void app.register(async (scope) => intentsRoutes(scope, ctx));
  void app.register(async (scope) => adyenRoutes(scope, ctx));
  void app.register(async (scope) => wechatpayRoutes(scope, ctx));
  void app.register(async (scope) => controlRoutes(scope, ctx));
  app.addHook('onClose', async () => ctx.close());
  return app;
}

import Taro from '@tarojs/taro'

type Handler = (options: {
  url: string
  method: string
  data?: unknown
  header: Record<string, string>
}) => { statusCode: number; data: unknown } | Promise<{ statusCode: number; data: unknown }>

const request = Taro.request as unknown as jest.Mock

/** Routes Taro.request calls to a handler per "METHOD /path"; an unrouted call answers 404 ROUTE_NOT_FOUND. */
export function routeRequests(routes: Record<string, Handler | { statusCode: number; data: unknown }[]>) {
  const queues = new Map<string, { statusCode: number; data: unknown }[]>()
  request.mockImplementation(async (options: { url: string; method: string; data?: unknown; header: Record<string, string> }) => {
    const path = options.url.replace(/^https?:\/\/[^/]+/, '')
    const exact = `${options.method} ${path}`
    // A route without a query string matches the path whatever its query.
    const key = exact in routes ? exact : `${options.method} ${path.split('?')[0]}`
    const route = routes[key]
    if (Array.isArray(route)) {
      if (!queues.has(key)) queues.set(key, [...route])
      const queue = queues.get(key)!
      return queue.length > 1 ? queue.shift()! : queue[0]!
    }
    if (route) return route(options)
    return { statusCode: 404, data: { error: { code: 'ROUTE_NOT_FOUND', message: key } } }
  })
  return request
}

export function envelope(code: string, message = code) {
  return { error: { code, message } }
}

export function calls(method: string, path: string) {
  return request.mock.calls
    .map(([options]) => options as { url: string; method: string; data?: unknown; header: Record<string, string> })
    .filter((options) => options.method === method && (options.url.endsWith(path) || options.url.split('?')[0]!.endsWith(path)))
}

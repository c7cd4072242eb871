import { LoginResponse, ProductListResponse } from '@minipay/contracts'
import Taro from '@tarojs/taro'
import { calls, envelope, routeRequests } from '../../test/http'
import { ApiError, InvalidResponseError, NetworkError } from './errors'
import { httpRequest } from './http'

const request = Taro.request as unknown as jest.Mock

describe('httpRequest', () => {
  it('calls the API base URL with JSON and the bearer token, and returns the validated body', async () => {
    routeRequests({ 'POST /auth/login': [{ statusCode: 200, data: { token: 't', expiresIn: 60 } }] })
    const result = await httpRequest({ method: 'POST', path: '/auth/login', body: { code: 'c' }, token: 'tok', schema: LoginResponse })
    expect(result).toEqual({ token: 't', expiresIn: 60 })
    const [call] = calls('POST', '/auth/login')
    expect(call!.url).toBe('http://127.0.0.1:3000/auth/login')
    expect(call!.data).toEqual({ code: 'c' })
    expect(call!.header).toMatchObject({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' })
  })

  it('turns the error envelope into an ApiError with its code and status', async () => {
    routeRequests({ 'GET /catalog/products': [{ statusCode: 409, data: envelope('ORDER_ALREADY_PAID', 'paid') }] })
    const error = await httpRequest({ method: 'GET', path: '/catalog/products', schema: ProductListResponse }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 409, code: 'ORDER_ALREADY_PAID', message: 'paid' })
  })

  it('names a non-envelope error body by its HTTP status', async () => {
    routeRequests({ 'GET /catalog/products': [{ statusCode: 502, data: '<html>Bad gateway</html>' }] })
    await expect(httpRequest({ method: 'GET', path: '/catalog/products', schema: ProductListResponse })).rejects.toMatchObject({
      status: 502,
      code: 'HTTP_502',
    })
  })

  it('reports a request that got no answer as a NetworkError', async () => {
    request.mockRejectedValue({ errMsg: 'request:fail timeout' })
    const error = await httpRequest({ method: 'GET', path: '/catalog/products', schema: ProductListResponse }).catch((e) => e)
    expect(error).toBeInstanceOf(NetworkError)
    expect(error.message).toBe('request:fail timeout')
  })

  it('rejects a 2xx body that does not match the contract', async () => {
    routeRequests({ 'GET /catalog/products': [{ statusCode: 200, data: { items: [{ id: 1 }] } }] })
    await expect(httpRequest({ method: 'GET', path: '/catalog/products', schema: ProductListResponse })).rejects.toBeInstanceOf(InvalidResponseError)
  })
})

import { __resetTaro } from './mocks/taro'

beforeEach(() => {
  __resetTaro()
})

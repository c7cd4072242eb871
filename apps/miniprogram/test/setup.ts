import { setLocale } from '../src/i18n'
import { __resetTaro } from './mocks/taro'

beforeEach(() => {
  __resetTaro()
  // The specs read English unless they choose another locale; detection itself is tested in src/i18n.
  setLocale('en-US')
})

import Taro from '@tarojs/taro'
import { DEFAULT_LOCALE, detectLocale, matchLocale, pickLocale } from './locale'

describe('locale', () => {
  it.each([
    ['zh_CN', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-SG', 'zh-CN'],
    ['zh_TW', 'zh-TW'],
    ['zh_HK', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['en', 'en-US'],
    ['en-GB', 'en-US'],
    ['fr', null],
    ['', null],
    [undefined, null],
  ])('%j means %s', (tag, locale) => {
    expect(matchLocale(tag)).toBe(locale)
  })

  it('takes the first language it speaks, and Simplified Chinese when it speaks none', () => {
    expect(pickLocale(['fr-FR', 'en-US', 'zh-CN'])).toBe('en-US')
    expect(pickLocale(['de', 'ja'])).toBe('zh-CN')
    expect(pickLocale([])).toBe(DEFAULT_LOCALE)
    expect(DEFAULT_LOCALE).toBe('zh-CN')
  })

  describe('in WeChat', () => {
    const original = process.env.TARO_ENV
    beforeEach(() => {
      process.env.TARO_ENV = 'weapp'
    })
    afterEach(() => {
      process.env.TARO_ENV = original
    })

    it("reads WeChat's language from getAppBaseInfo", () => {
      ;(Taro.getAppBaseInfo as jest.Mock).mockReturnValue({ language: 'zh_TW' })
      expect(detectLocale()).toBe('zh-TW')
      ;(Taro.getAppBaseInfo as jest.Mock).mockReturnValue({ language: 'en' })
      expect(detectLocale()).toBe('en-US')
    })

    it('falls back to getSystemInfoSync on older base libraries, then to zh-CN', () => {
      ;(Taro.getAppBaseInfo as jest.Mock).mockImplementation(() => {
        throw new Error('getAppBaseInfo:fail not supported')
      })
      ;(Taro.getSystemInfoSync as jest.Mock).mockReturnValue({ language: 'en' })
      expect(detectLocale()).toBe('en-US')
      ;(Taro.getSystemInfoSync as jest.Mock).mockReturnValue({})
      expect(detectLocale()).toBe('zh-CN')
    })
  })

  describe('in the browser', () => {
    const original = process.env.TARO_ENV
    afterEach(() => {
      process.env.TARO_ENV = original
      jest.restoreAllMocks()
    })

    it("reads the browser's languages in order", () => {
      process.env.TARO_ENV = 'h5'
      jest.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr-FR', 'zh-HK', 'en'])
      expect(detectLocale()).toBe('zh-TW')
      jest.spyOn(navigator, 'languages', 'get').mockReturnValue(['de-DE'])
      expect(detectLocale()).toBe('zh-CN')
    })
  })
})

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CATALOGUES, LOCALES, t, tn, setLocale } from '.'
import { enUS } from './messages/en-US'

const SRC = join(__dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return path.endsWith(join('i18n', 'messages')) ? [] : sources(path)
    return /\.tsx?$/.test(name) && !/\.spec\.tsx?$/.test(name) ? [path] : []
  })
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

/** Keys a source file asks for: t('…'), tn('…') (plural: _one and _other), zhCN['…'], and key literals in typed maps. */
export function keysUsedIn(source: string): string[] {
  const keys = new Set<string>()
  for (const m of source.matchAll(/\bt\(\s*'([^']+)'/g)) keys.add(m[1]!)
  const plurals = new Set<string>()
  for (const m of source.matchAll(/\btn\(\s*'([^']+)'/g)) {
    plurals.add(m[1]!)
    keys.add(`${m[1]}_one`)
    keys.add(`${m[1]}_other`)
  }
  for (const m of source.matchAll(/\b(?:zhCN|zhTW|enUS)\[\s*'([^']+)'\s*\]/g)) keys.add(m[1]!)
  for (const m of source.matchAll(/'((?:app|tab|title|common|shop|product|stepper|cart|result|orders|order|status|error|sheet)\.[\w.]+)'/g)) {
    if (!plurals.has(m[1]!)) keys.add(m[1]!)
  }
  return [...keys]
}

/** Words in a page's markup that bypass the catalogues: JSX text with letters, and string-valued text props. */
export function literalWordsIn(source: string): string[] {
  const found: string[] = []
  for (const m of source.matchAll(/>([^<>{}`]+)</g)) {
    const text = m[1]!.trim()
    if (/[A-Za-z\u3400-\u9fff]/.test(text) && !/[=;()]|=>/.test(text)) found.push(text)
  }
  for (const m of source.matchAll(/\b(title|label|message|actionLabel|aria-label|placeholder|alt|confirmText|cancelText|content)=(['"])([^'"]*)\2/g)) {
    if (/[A-Za-z\u3400-\u9fff]/.test(m[3]!)) found.push(`${m[1]}=${m[3]}`)
  }
  // Page and app configs (static JSON in the weapp build): titles and tab texts come from a catalogue too.
  for (const m of source.matchAll(/\b(navigationBarTitleText|text):\s*(['"])([^'"]*)\2/g)) {
    if (/[A-Za-z\u3400-\u9fff]/.test(m[3]!) && !(m[3]! in enUS) && m[3] !== 'minipay') found.push(`${m[1]}: ${m[3]}`)
  }
  return found
}

describe('message catalogues', () => {
  const english = Object.keys(enUS).sort()

  it.each(LOCALES)('%s has every key, each with text and the same placeholders as English', (locale) => {
    const catalogue = CATALOGUES[locale] as Record<string, string>
    expect(Object.keys(catalogue).sort()).toEqual(english)
    for (const key of english) {
      expect(typeof catalogue[key]).toBe('string')
      expect(catalogue[key]!.trim()).not.toBe('')
      expect({ key, placeholders: placeholders(catalogue[key]!) }).toEqual({ key, placeholders: placeholders(enUS[key as keyof typeof enUS]) })
    }
  })

  it('Chinese catalogues are in Chinese', () => {
    // A key copied over in English by mistake shows up here (brand names and pure formats excepted).
    const untranslated = (locale: 'zh-CN' | 'zh-TW') =>
      english.filter((key) => /[A-Za-z]{3,}/.test(CATALOGUES[locale][key as keyof typeof enUS].replace(/\{\w+\}|minipay/g, '')))
    expect(untranslated('zh-CN')).toEqual([])
    expect(untranslated('zh-TW')).toEqual([])
  })

  it('every key the app uses exists in the catalogues', () => {
    const files = sources(SRC)
    expect(files.length).toBeGreaterThan(20)
    const missing = files.flatMap((file) =>
      keysUsedIn(readFileSync(file, 'utf8'))
        .filter((key) => !(key in enUS))
        .map((key) => `${relative(SRC, file)}: ${key}`),
    )
    expect(missing).toEqual([])
  })

  it('no page or component writes user-visible words outside the catalogues', () => {
    const files = sources(SRC).filter((file) => file.endsWith('.tsx') || file.endsWith('.config.ts'))
    const literal = files.flatMap((file) => literalWordsIn(readFileSync(file, 'utf8')).map((text) => `${relative(SRC, file)}: ${text}`))
    expect(literal).toEqual([])
  })

  it('the scanners catch what they look for', () => {
    expect(keysUsedIn("t('cart.pay'); tn('common.items', 2); zhCN['tab.shop']; t('nope.missing')")).toEqual(
      expect.arrayContaining(['cart.pay', 'common.items_one', 'common.items_other', 'tab.shop', 'nope.missing']),
    )
    expect(literalWordsIn("<Button onClick={pay}>\n  Pay now\n</Button><Text>{t('x')}</Text><Text>支付</Text>")).toEqual(['Pay now', '支付'])
    expect(literalWordsIn("<EmptyState title='No orders' actionLabel={t('a')} />")).toEqual(['title=No orders'])
    expect(literalWordsIn('<Text>{count} × {price}</Text><Button>−</Button>')).toEqual([])
    expect(literalWordsIn("navigationBarTitleText: 'My orders', text: zhCN['tab.shop']")).toEqual(['navigationBarTitleText: My orders'])
  })
})

describe('t and tn', () => {
  it('fill placeholders and pick the plural form', () => {
    setLocale('en-US')
    expect(t('result.orderRef', { ref: 'MP1' })).toBe('Order MP1')
    expect(tn('common.items', 1)).toBe('1 item')
    expect(tn('common.items', 3)).toBe('3 items')
    setLocale('zh-CN')
    expect(t('result.orderRef', { ref: 'MP1' })).toBe('订单号 MP1')
    expect(tn('common.items', 3)).toBe('3 件商品')
    setLocale('zh-TW')
    expect(t('order.payNow')).toBe('立即付款')
  })
})

import './services/zod-setup'
import type { PropsWithChildren } from 'react'
import { getLocale } from './i18n'
import './app.css'

// The browser build: screen readers and fonts follow the language the app picked (index.html says zh-CN).
if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
  document.documentElement.lang = getLocale()
}

function App({ children }: PropsWithChildren) {
  // Pages do their own loading; the shop page signs in while the shopper browses (so does any call needing a token).
  return children
}

export default App

import './services/zod-setup'
import type { PropsWithChildren } from 'react'
import './app.css'

function App({ children }: PropsWithChildren) {
  // Pages do their own loading; login happens lazily on the first call that needs a token.
  return children
}

export default App

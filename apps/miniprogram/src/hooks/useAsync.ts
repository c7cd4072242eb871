import { useCallback, useEffect, useRef, useState } from 'react'

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }

export interface AsyncResource<T> {
  state: AsyncState<T>
  reload: () => void
}

/** Loads once on mount (unless `auto` is false) and on reload(); answers of superseded loads are dropped. */
export function useAsync<T>(load: () => Promise<T>, { auto = true }: { auto?: boolean } = {}): AsyncResource<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' })
  const generation = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(() => {
    const mine = ++generation.current
    setState((previous) => (previous.status === 'loading' ? previous : { status: 'loading' }))
    loadRef.current().then(
      (data) => {
        if (mine === generation.current) setState({ status: 'ready', data })
      },
      (error: unknown) => {
        if (mine === generation.current) setState({ status: 'error', error })
      },
    )
  }, [])

  useEffect(() => {
    if (auto) reload()
    return () => {
      generation.current++
    }
  }, [auto, reload])

  return { state, reload }
}

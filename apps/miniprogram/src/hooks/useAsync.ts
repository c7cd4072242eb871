import { useCallback, useEffect, useRef, useState } from 'react'

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown }

export interface AsyncResource<T> {
  state: AsyncState<T>
  /** Loads again, showing the loading state. */
  reload: () => void
  /**
   * Loads again while the current data stays on screen (pull-down refresh); resolves when done, either way.
   * A failure replaces the data with the error view, like reload.
   */
  refresh: () => Promise<void>
}

/** Loads once on mount (unless `auto` is false) and on reload(); answers of superseded loads are dropped. */
export function useAsync<T>(load: () => Promise<T>, { auto = true }: { auto?: boolean } = {}): AsyncResource<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' })
  const generation = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const run = useCallback((quiet: boolean): Promise<void> => {
    const mine = ++generation.current
    if (!quiet) setState((previous) => (previous.status === 'loading' ? previous : { status: 'loading' }))
    return loadRef.current().then(
      (data) => {
        if (mine === generation.current) setState({ status: 'ready', data })
      },
      (error: unknown) => {
        if (mine === generation.current) setState({ status: 'error', error })
      },
    )
  }, [])

  const reload = useCallback(() => void run(false), [run])
  const refresh = useCallback(() => run(true), [run])

  useEffect(() => {
    if (auto) reload()
    // A counter, not a DOM node: bumping it on unmount makes answers still in flight land nowhere.
    const counter = generation
    return () => {
      counter.current++
    }
  }, [auto, reload])

  return { state, reload, refresh }
}

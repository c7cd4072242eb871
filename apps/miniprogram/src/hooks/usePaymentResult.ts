import type { Order } from '@minipay/contracts'
import { useCallback, useEffect, useRef, useState } from 'react'
import * as api from '../services/api'
import { payOrder, pollOrder, verdictOf, wasCancelledInSheet, type PaymentVerdict } from '../services/pay'

export type PaymentResultState =
  | { phase: 'loading' }
  | { phase: 'error'; error: unknown }
  | { phase: 'ready'; order: Order; verdict: PaymentVerdict; polling: boolean; timedOut: boolean; paying: boolean; payError?: unknown }

/**
 * The result page's state: the server's order, its verdict, and polling while the provider has not decided.
 * If the shopper closed the sheet and the server has not heard otherwise, the order is simply still unpaid:
 * nothing to wait for.
 */
export function usePaymentResult(orderId: string | undefined, sheetErrMsg: string | undefined) {
  const [state, setState] = useState<PaymentResultState>({ phase: 'loading' })
  const alive = useRef(true)
  const run = useRef(0)

  const settle = useCallback(async (order: Order, errMsg: string | undefined) => {
    const mine = ++run.current
    const stale = () => !alive.current || mine !== run.current
    let verdict = verdictOf(order)
    if (verdict === 'confirming' && wasCancelledInSheet(errMsg)) verdict = 'unpaid'
    if (verdict !== 'confirming') {
      setState({ phase: 'ready', order, verdict, polling: false, timedOut: false, paying: false })
      return
    }
    setState({ phase: 'ready', order, verdict, polling: true, timedOut: false, paying: false })
    try {
      const result = await pollOrder(order, {
        isCancelled: stale,
        onUpdate: (latest) => {
          if (!stale()) setState({ phase: 'ready', order: latest, verdict: verdictOf(latest), polling: true, timedOut: false, paying: false })
        },
      })
      if (!stale()) {
        setState({ phase: 'ready', order: result.order, verdict: result.verdict, polling: false, timedOut: result.timedOut, paying: false })
      }
    } catch (error) {
      if (!stale()) setState({ phase: 'error', error })
    }
  }, [])

  const load = useCallback(async () => {
    if (!orderId) {
      setState({ phase: 'error', error: new Error('No order given') })
      return
    }
    setState({ phase: 'loading' })
    try {
      const order = await api.getOrder(orderId)
      if (alive.current) await settle(order, sheetErrMsg)
    } catch (error) {
      if (alive.current) setState({ phase: 'error', error })
    }
  }, [orderId, sheetErrMsg, settle])

  const payAgain = useCallback(async () => {
    if (state.phase !== 'ready') return
    const { order } = state
    setState({ ...state, paying: true, payError: undefined })
    try {
      const outcome = await payOrder(order)
      if (alive.current) await settle(outcome.order, outcome.errMsg)
    } catch (payError) {
      if (alive.current) setState({ ...state, paying: false, payError })
    }
  }, [state, settle])

  useEffect(() => {
    alive.current = true
    void load()
    return () => {
      alive.current = false
    }
  }, [load])

  return { state, reload: load, payAgain }
}

import type { Order } from '@minipay/contracts'
import { Button, Text, View } from '@tarojs/components'
import { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useMemo, useRef, useState } from 'react'
import { OrderRow } from '../../components/OrderRow'
import { RefreshControl } from '../../components/RefreshControl'
import { EmptyState, ErrorState, Loading } from '../../components/StateViews'
import { useAsync } from '../../hooks/useAsync'
import { usePageTitle } from '../../hooks/usePageTitle'
import { usePullToRefresh } from '../../hooks/usePullToRefresh'
import { t } from '../../i18n'
import { listOrders } from '../../services/api'
import { describeError } from '../../services/errors'
import { navigate } from '../../services/navigation'

interface Pages {
  items: Order[]
  nextCursor: string | null
}

export default function OrdersPage() {
  usePageTitle('title.orders', { tabPage: true })
  // A tab page stays mounted: reload the first page each time it is shown so a payment made meanwhile appears.
  const { state, reload, refresh } = useAsync<Pages>(() => listOrders(), { auto: false })
  const { refreshing, onRefresh } = usePullToRefresh(refresh)
  useDidShow(reload)

  // Older pages, fetched through the API's cursor as the shopper scrolls (or taps "Load more").
  const [more, setMore] = useState<{ forCursor: string | null; pages: Pages } | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<unknown>(null)
  const inFlight = useRef(false)

  const first = state.status === 'ready' ? state.data : null
  // Extra pages belong to the first page they continue; a refreshed first page starts over.
  const extra = more && first && more.forCursor === first.nextCursor ? more.pages : null
  const items = useMemo(() => (first ? [...first.items, ...(extra?.items ?? [])] : []), [first, extra])
  const nextCursor = extra ? extra.nextCursor : (first?.nextCursor ?? null)

  const loadMore = useCallback(async () => {
    if (!first || !nextCursor || inFlight.current) return
    inFlight.current = true
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await listOrders({ cursor: nextCursor })
      const seen = new Set(items.map((order) => order.id))
      const fresh = page.items.filter((order) => !seen.has(order.id))
      setMore({ forCursor: first.nextCursor, pages: { items: [...(extra?.items ?? []), ...fresh], nextCursor: page.nextCursor } })
    } catch (error) {
      setMoreError(error)
    } finally {
      inFlight.current = false
      setLoadingMore(false)
    }
  }, [first, nextCursor, items, extra])
  useReachBottom(() => void loadMore())

  if (state.status === 'loading') return <Loading label={t('orders.loading')} />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />
  if (items.length === 0) {
    return (
      <EmptyState title={t('orders.empty.title')} message={t('orders.empty.message')} actionLabel={t('orders.empty.action')} onAction={() => navigate.shop()} />
    )
  }
  return (
    <View className="page" id="orders-list" data-count={items.length}>
      <RefreshControl id="refresh-orders" busy={refreshing} onRefresh={onRefresh} />
      {items.map((order) => (
        <OrderRow key={order.id} order={order} onOpen={() => navigate.order(order.id)} />
      ))}
      {moreError ? <Text className="notice">{describeError(moreError).message}</Text> : null}
      {nextCursor ? (
        <Button
          className="btn btn--secondary"
          id="load-more"
          disabled={loadingMore || undefined}
          loading={loadingMore || undefined}
          onClick={() => void loadMore()}
        >
          {loadingMore ? t('orders.loadingMore') : t('orders.loadMore')}
        </Button>
      ) : (
        <Text className="muted list-end" id="orders-end">
          {t('orders.end')}
        </Text>
      )}
    </View>
  )
}

import type { Order, Product } from '@minipay/contracts'
import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { ExpiryCountdown } from '../../components/ExpiryCountdown'
import { Price } from '../../components/Price'
import { RefreshControl } from '../../components/RefreshControl'
import { StatusBadge } from '../../components/StatusBadge'
import { ErrorState, Loading } from '../../components/StateViews'
import { useAsync } from '../../hooks/useAsync'
import { usePageTitle } from '../../hooks/usePageTitle'
import { usePullToRefresh } from '../../hooks/usePullToRefresh'
import { t } from '../../i18n'
import { getOrder, listProducts } from '../../services/api'
import { describeError } from '../../services/errors'
import { formatDateTime, paymentStatusLabel, refundStatusLabel } from '../../services/format'
import { decodeParam, navigate } from '../../services/navigation'
import { isPayable, payOrder } from '../../services/pay'

function Row({ label, children, id }: { label: string; children: React.ReactNode; id?: string }) {
  return (
    <View className="kv" id={id}>
      <Text className="kv__key">{label}</Text>
      <View>{children}</View>
    </View>
  )
}

interface OrderView {
  order: Order
  /** Product names in the shopper's language: the order keeps the names it was placed with. */
  names: Map<string, string>
}

async function loadOrder(orderId: string | undefined): Promise<OrderView> {
  if (!orderId) throw new Error('No order given')
  // The names are a nicety: without the catalog the order still shows, with the names it was placed with.
  const products = Promise.resolve()
    .then(() => listProducts())
    .catch(() => null)
  const [order, catalog] = await Promise.all([getOrder(orderId), products])
  return { order, names: new Map((catalog?.items ?? []).map((product: Product) => [product.id, product.name])) }
}

export default function OrderPage() {
  usePageTitle('title.order')
  const orderId = decodeParam(useRouter().params.orderId)
  const { state, reload, refresh } = useAsync(() => loadOrder(orderId))
  const { refreshing, onRefresh } = usePullToRefresh(refresh)
  const [paying, setPaying] = useState(false)
  const [payError, setPayError] = useState<unknown>(null)

  if (state.status === 'loading') return <Loading label={t('order.loading')} />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />

  const { order, names } = state.data
  const resume = async () => {
    setPaying(true)
    setPayError(null)
    try {
      const outcome = await payOrder(order)
      navigate.result(order.id, outcome.errMsg)
    } catch (error) {
      setPayError(error)
      // 409 ORDER_CLOSED and friends change what this page should show.
      reload()
    } finally {
      setPaying(false)
    }
  }

  return (
    <View className="page" id="order-detail" data-order-id={order.id} data-status={order.status}>
      <RefreshControl id="refresh-order" busy={refreshing} onRefresh={onRefresh} />
      <View className="card">
        <Row label={t('order.field.order')}>
          <Text>{order.merchantOrderId}</Text>
        </Row>
        <Row label={t('order.field.status')}>
          <StatusBadge status={order.status} />
        </Row>
        <Row label={t('order.field.placed')}>
          <Text>{formatDateTime(order.createdAt)}</Text>
        </Row>
        {order.paidAt ? (
          <Row label={t('order.field.paidAt')}>
            <Text>{formatDateTime(order.paidAt)}</Text>
          </Row>
        ) : null}
        {order.latestPayment ? (
          <Row label={t('order.field.lastAttempt')}>
            <Text>{paymentStatusLabel(order.latestPayment.status)}</Text>
          </Row>
        ) : null}
      </View>
      <View className="card">
        {order.items.map((line) => (
          <View className="line" key={line.productId}>
            <Text className="line__name">{t('order.lineQuantity', { name: names.get(line.productId) ?? line.name, quantity: line.quantity })}</Text>
            <Price money={line.lineTotal} />
          </View>
        ))}
        <View className="summary">
          <Text>{t('order.total')}</Text>
          <Price money={order.amount} className="price price--total" />
        </View>
        {order.refundedAmount.value > 0 ? (
          <Row label={t('order.refunded')} id="order-refunded">
            <Price money={order.refundedAmount} />
          </Row>
        ) : null}
      </View>
      {order.refunds.length > 0 ? (
        <View className="card" id="order-refunds">
          <Text className="card__title">{t('order.refunds')}</Text>
          {order.refunds.map((refund) => (
            <View className="kv refund" key={refund.id} data-refund-status={refund.status}>
              <Text className={`badge badge--refund-${refund.status.toLowerCase()}`}>{refundStatusLabel(refund.status)}</Text>
              <View>
                <Price money={refund.amount} />
                <Text className="muted"> {formatDateTime(refund.createdAt)}</Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}
      {order.inReview ? (
        <Text className="notice" id="order-in-review">
          {t('order.inReview')}
        </Text>
      ) : null}
      <ExpiryCountdown order={order} onExpired={() => void refresh()} />
      {payError ? <Text className="notice">{describeError(payError).message}</Text> : null}
      {isPayable(order) ? (
        <Button className="btn" id="resume-payment" disabled={paying || undefined} loading={paying || undefined} onClick={() => void resume()}>
          {paying ? t('common.waitingForWeChatPay') : t('order.payNow')}
        </Button>
      ) : null}
    </View>
  )
}

import type { Order } from '@minipay/contracts'
import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Price } from '../../components/Price'
import { StatusBadge } from '../../components/StatusBadge'
import { ErrorState, Loading } from '../../components/StateViews'
import { useAsync } from '../../hooks/useAsync'
import { getOrder } from '../../services/api'
import { describeError } from '../../services/errors'
import { PAYMENT_STATUS_LABELS, formatDateTime } from '../../services/format'
import { decodeParam, navigate } from '../../services/navigation'
import { isPayable, payOrder } from '../../services/pay'

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className='kv'>
      <Text className='kv__key'>{label}</Text>
      <View>{children}</View>
    </View>
  )
}

function loadOrder(orderId: string | undefined): Promise<Order> {
  return orderId ? getOrder(orderId) : Promise.reject(new Error('No order given'))
}

export default function OrderPage() {
  const orderId = decodeParam(useRouter().params.orderId)
  const { state, reload } = useAsync(() => loadOrder(orderId))
  const [paying, setPaying] = useState(false)
  const [payError, setPayError] = useState<unknown>(null)

  if (state.status === 'loading') return <Loading label='Loading order…' />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />

  const order = state.data
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
    <View className='page' id='order-detail'>
      <View className='card'>
        <Row label='Order'>
          <Text>{order.merchantOrderId}</Text>
        </Row>
        <Row label='Status'>
          <StatusBadge status={order.status} />
        </Row>
        <Row label='Placed'>
          <Text>{formatDateTime(order.createdAt)}</Text>
        </Row>
        {order.paidAt ? (
          <Row label='Paid at'>
            <Text>{formatDateTime(order.paidAt)}</Text>
          </Row>
        ) : null}
        {order.latestPayment ? (
          <Row label='Last payment attempt'>
            <Text>{PAYMENT_STATUS_LABELS[order.latestPayment.status]}</Text>
          </Row>
        ) : null}
      </View>
      <View className='card'>
        {order.items.map((line) => (
          <View className='line' key={line.productId}>
            <Text className='line__name'>
              {line.name} × {line.quantity}
            </Text>
            <Price money={line.lineTotal} />
          </View>
        ))}
        <View className='summary'>
          <Text>Total</Text>
          <Price money={order.amount} className='price price--total' />
        </View>
        {order.refundedAmount.value > 0 ? (
          <Row label='Refunded'>
            <Price money={order.refundedAmount} />
          </Row>
        ) : null}
      </View>
      {order.inReview ? (
        <Text className='notice' id='order-in-review'>
          We are checking a payment for this order. You will not be charged again.
        </Text>
      ) : null}
      {payError ? <Text className='notice'>{describeError(payError).message}</Text> : null}
      {isPayable(order) ? (
        <Button className='btn' id='resume-payment' disabled={paying || undefined} loading={paying || undefined} onClick={() => void resume()}>
          {paying ? 'Waiting for WeChat Pay…' : 'Pay now'}
        </Button>
      ) : null}
    </View>
  )
}

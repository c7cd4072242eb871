import type { Order } from '@minipay/contracts'
import { Text, View } from '@tarojs/components'
import { t, tn } from '../i18n'
import { formatMoney } from '../services/money'
import { formatDateTime } from '../services/format'
import { Price } from './Price'
import { StatusBadge } from './StatusBadge'

export function OrderRow({ order, onOpen }: { order: Order; onOpen: () => void }) {
  const count = order.items.reduce((sum, line) => sum + line.quantity, 0)
  return (
    <View className="card order-row" id={`order-${order.merchantOrderId}`} data-order-id={order.id} onClick={onOpen}>
      <View className="order-row__main">
        <Text className="order-row__ref">{order.merchantOrderId}</Text>
        <Text className="order-row__meta">
          {formatDateTime(order.createdAt)} · {tn('common.items', count)}
        </Text>
      </View>
      <View className="order-row__side">
        <Price money={order.amount} />
        <StatusBadge status={order.status} />
        {order.refundedAmount.value > 0 ? (
          <Text className="order-row__refunded">{t('order.refundedAmount', { amount: formatMoney(order.refundedAmount) })}</Text>
        ) : null}
      </View>
    </View>
  )
}

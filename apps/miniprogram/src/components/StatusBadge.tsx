import type { OrderStatus } from '@minipay/contracts'
import { Text } from '@tarojs/components'
import { ORDER_STATUS_LABELS } from '../services/format'

export function StatusBadge({ status }: { status: OrderStatus }) {
  return <Text className={`badge badge--${status.toLowerCase()}`}>{ORDER_STATUS_LABELS[status]}</Text>
}

import type { OrderStatus } from '@minipay/contracts'
import { Text } from '@tarojs/components'
import { orderStatusLabel } from '../services/format'

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <Text className={`badge badge--${status.toLowerCase()}`} data-status={status}>
      {orderStatusLabel(status)}
    </Text>
  )
}

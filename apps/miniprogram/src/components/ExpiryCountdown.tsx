import type { Order } from '@minipay/contracts'
import { Text } from '@tarojs/components'
import { useEffect, useRef } from 'react'
import { useNow } from '../hooks/useNow'
import { t } from '../i18n'
import { formatCountdown } from '../services/format'
import { isPayable } from '../services/pay'

/**
 * "Pay within 14:59" on an order that can still be paid, ticking every second until its expiresAt. At zero it
 * says the time has run out and, if it was counting down on screen, calls onExpired once (the page reloads:
 * the server closes the order, not us). An order loaded already past its time only says so: reloading it
 * again and again would not close it any sooner.
 */
export function ExpiryCountdown({ order, onExpired }: { order: Order; onExpired?: () => void }) {
  const payable = isPayable(order)
  const now = useNow(1000, payable)
  const left = Date.parse(order.expiresAt) - now
  const expired = left <= 0
  const counting = useRef<string | null>(null)
  if (payable && !expired) counting.current = order.id

  useEffect(() => {
    if (payable && expired && counting.current === order.id) {
      counting.current = null
      onExpired?.()
    }
  }, [payable, expired, order.id, onExpired])

  if (!payable || Number.isNaN(left)) return null
  return (
    <Text className={`countdown${expired ? ' countdown--expired' : ''}`} id="order-countdown" data-expires-at={order.expiresAt} data-expired={expired}>
      {expired ? t('order.expired') : t('order.expiresIn', { time: formatCountdown(left) })}
    </Text>
  )
}

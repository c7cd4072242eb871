import type { OrderStatus, PaymentStatus, RefundStatus } from '@minipay/contracts'
import { t, type MessageKey } from '../i18n'

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-25 21:44" in the device's time zone: read the same way in all three languages (no Intl needed). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** A countdown: "14:59", or "1:02:03" past an hour; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`
}

const ORDER_STATUS_KEYS: Record<OrderStatus, MessageKey> = {
  PENDING_PAYMENT: 'status.order.PENDING_PAYMENT',
  PAID: 'status.order.PAID',
  CLOSED: 'status.order.CLOSED',
  FULFILLED: 'status.order.FULFILLED',
  PARTIALLY_REFUNDED: 'status.order.PARTIALLY_REFUNDED',
  REFUNDED: 'status.order.REFUNDED',
}

const PAYMENT_STATUS_KEYS: Record<PaymentStatus, MessageKey> = {
  PENDING: 'status.payment.PENDING',
  SUCCEEDED: 'status.payment.SUCCEEDED',
  CANCELLED: 'status.payment.CANCELLED',
  FAILED: 'status.payment.FAILED',
}

const REFUND_STATUS_KEYS: Record<RefundStatus, MessageKey> = {
  PENDING: 'status.refund.PENDING',
  SUCCEEDED: 'status.refund.SUCCEEDED',
  FAILED: 'status.refund.FAILED',
  REVERSED: 'status.refund.REVERSED',
}

export const orderStatusLabel = (status: OrderStatus): string => t(ORDER_STATUS_KEYS[status])
export const paymentStatusLabel = (status: PaymentStatus): string => t(PAYMENT_STATUS_KEYS[status])
export const refundStatusLabel = (status: RefundStatus): string => t(REFUND_STATUS_KEYS[status])

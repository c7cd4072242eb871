import type { OrderStatus, PaymentStatus } from '@minipay/contracts'

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-11-25 21:44" in the device's time zone (no Intl: not every mini program engine has it). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  PENDING_PAYMENT: 'Awaiting payment',
  PAID: 'Paid',
  CLOSED: 'Closed',
  FULFILLED: 'Fulfilled',
  PARTIALLY_REFUNDED: 'Partially refunded',
  REFUNDED: 'Refunded',
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  PENDING: 'Pending',
  SUCCEEDED: 'Succeeded',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
}

import type { OrderStatus } from '@minipay/contracts';

export const STATUS_COLORS: Record<OrderStatus, string> = {
  PENDING_PAYMENT: 'default',
  PAID: 'green',
  CLOSED: 'default',
  FULFILLED: 'blue',
  PARTIALLY_REFUNDED: 'orange',
  REFUNDED: 'purple',
};

export const formatDate = (iso: string) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

import type { Money } from '@minipay/contracts'
import { Text } from '@tarojs/components'
import { formatMoney } from '../services/money'

export function Price({ money, className = 'price' }: { money: Money; className?: string }) {
  return <Text className={className}>{formatMoney(money)}</Text>
}

/** Several currencies in one cart are shown side by side; the API refuses to mix them in one order. */
export function Totals({ totals }: { totals: readonly Money[] }) {
  return <Text className="price price--total">{totals.length ? totals.map((money) => formatMoney(money)).join(' + ') : '—'}</Text>
}

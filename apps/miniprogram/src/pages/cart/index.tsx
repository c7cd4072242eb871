import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Price, Totals } from '../../components/Price'
import { ProductImage } from '../../components/ProductImage'
import { QuantityStepper } from '../../components/QuantityStepper'
import { EmptyState, ErrorState } from '../../components/StateViews'
import { useCart } from '../../hooks/useCart'
import { usePageTitle } from '../../hooks/usePageTitle'
import { t, tn, type MessageKey } from '../../i18n'
import { cart, cartCount, cartTotals, type CartState } from '../../services/cart'
import { CheckoutPaymentError, checkout, type CheckoutStep } from '../../services/checkout'
import { multiplyMoney } from '../../services/money'
import { navigate } from '../../services/navigation'

const STEP_LABELS: Record<CheckoutStep, MessageKey> = {
  'creating-order': 'cart.step.creatingOrder',
  paying: 'common.waitingForWeChatPay',
}

export default function CartPage() {
  usePageTitle('title.cart')
  const liveCart = useCart()
  // The cart empties once the order exists; keep showing what is being paid until we leave the page.
  const [paying, setPaying] = useState<CartState | null>(null)
  const cartState = paying ?? liveCart
  const [step, setStep] = useState<CheckoutStep | null>(null)
  const [error, setError] = useState<unknown>(null)

  const pay = async () => {
    setError(null)
    setPaying(cartState)
    try {
      const outcome = await checkout(cartState, setStep)
      navigate.result(outcome.order.id, outcome.errMsg)
    } catch (failure) {
      if (failure instanceof CheckoutPaymentError) {
        // The order exists: its page shows it and can pay it again.
        navigate.result(failure.order.id)
        return
      }
      setError(failure)
    } finally {
      setStep(null)
      setPaying(null)
    }
  }

  if (cartState.lines.length === 0 && step === null) {
    return <EmptyState title={t('cart.empty.title')} message={t('cart.empty.message')} actionLabel={t('cart.empty.action')} onAction={() => navigate.shop()} />
  }

  const busy = step !== null
  const count = cartCount(cartState)
  return (
    <View className="page" id="cart">
      <View className="card">
        {cartState.lines.map((line) => (
          <View className="line" key={line.productId} id={`line-${line.productId}`}>
            <ProductImage url={line.imageUrl} className="line__image" />
            <View className="line__name">
              <Text>{line.name}</Text>
              <View>
                <Price money={multiplyMoney(line.unitPrice, line.quantity)} className="line__sub" />
              </View>
            </View>
            <QuantityStepper value={line.quantity} label={line.name} onChange={(next) => cart.setQuantity(line.productId, next)} />
          </View>
        ))}
        <View className="summary">
          <Text>{tn('cart.total', count)}</Text>
          <Totals totals={cartTotals(cartState)} />
        </View>
      </View>
      {error ? <ErrorState error={error} onRetry={pay} /> : null}
      <Button className="btn" id="pay-button" disabled={busy || undefined} loading={busy || undefined} onClick={pay}>
        {step ? t(STEP_LABELS[step]) : t('cart.pay')}
      </Button>
    </View>
  )
}

import { Button, Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { ProductCard } from '../../components/ProductCard'
import { Totals } from '../../components/Price'
import { EmptyState, ErrorState, Loading } from '../../components/StateViews'
import { useAsync } from '../../hooks/useAsync'
import { useCart } from '../../hooks/useCart'
import { usePageTitle } from '../../hooks/usePageTitle'
import { t, tn } from '../../i18n'
import { listProducts } from '../../services/api'
import { ensureToken } from '../../services/auth'
import { cart, cartCount, cartTotals } from '../../services/cart'
import { navigate } from '../../services/navigation'

export default function ShopPage() {
  usePageTitle('title.shop', { tabPage: true })
  const { state, reload } = useAsync(listProducts)
  const cartState = useCart()
  const count = cartCount(cartState)

  // Sign in (wx.login → our token) while the shopper browses, so "Pay" does not wait for it. A failure here is
  // not the shopper's concern yet: the first call that needs the token tries again and shows its error.
  useEffect(() => {
    ensureToken().catch(() => undefined)
  }, [])

  if (state.status === 'loading') return <Loading label={t('shop.loading')} />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />
  if (state.data.items.length === 0) {
    return <EmptyState title={t('shop.empty.title')} message={t('shop.empty.message')} actionLabel={t('common.refresh')} onAction={reload} />
  }

  return (
    <View className="page" id="shop">
      {state.data.items.map((product) => (
        <ProductCard
          key={product.id}
          product={product}
          quantity={cart.quantityOf(product.id)}
          onAdd={() => cart.add(product)}
          onQuantityChange={(next) => cart.setQuantity(product.id, next)}
        />
      ))}
      {count > 0 ? (
        <View className="bar" id="cart-bar">
          <View>
            <Text className="muted" id="cart-count" data-count={count}>
              {tn('common.items', count)}
              {'  '}
            </Text>
            <Totals totals={cartTotals(cartState)} />
          </View>
          <Button className="btn" id="go-to-cart" onClick={() => navigate.cart()}>
            {t('shop.checkout')}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

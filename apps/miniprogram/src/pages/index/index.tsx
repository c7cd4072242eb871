import { Button, Text, View } from '@tarojs/components'
import { ProductCard } from '../../components/ProductCard'
import { Totals } from '../../components/Price'
import { EmptyState, ErrorState, Loading } from '../../components/StateViews'
import { useAsync } from '../../hooks/useAsync'
import { useCart } from '../../hooks/useCart'
import { listProducts } from '../../services/api'
import { cart, cartCount, cartTotals } from '../../services/cart'
import { navigate } from '../../services/navigation'

export default function ShopPage() {
  const { state, reload } = useAsync(listProducts)
  const cartState = useCart()
  const count = cartCount(cartState)

  if (state.status === 'loading') return <Loading label='Loading products…' />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />
  if (state.data.items.length === 0) {
    return <EmptyState title='No products yet' message='Check back soon.' actionLabel='Refresh' onAction={reload} />
  }

  return (
    <View className='page'>
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
        <View className='bar' id='cart-bar'>
          <View>
            <Text className='muted'>
              {count} {count === 1 ? 'item' : 'items'}
              {'  '}
            </Text>
            <Totals totals={cartTotals(cartState)} />
          </View>
          <Button className='btn' id='go-to-cart' onClick={() => navigate.cart()}>
            Checkout
          </Button>
        </View>
      ) : null}
    </View>
  )
}

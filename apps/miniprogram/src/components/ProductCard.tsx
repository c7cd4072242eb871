import type { Product } from '@minipay/contracts'
import { Button, Text, View } from '@tarojs/components'
import { t } from '../i18n'
import { Price } from './Price'
import { ProductImage } from './ProductImage'
import { QuantityStepper } from './QuantityStepper'

export function ProductCard({
  product,
  quantity,
  onAdd,
  onQuantityChange,
}: {
  product: Product
  quantity: number
  onAdd: () => void
  onQuantityChange: (next: number) => void
}) {
  return (
    <View className="card product" id={`product-${product.id}`} data-product-id={product.id}>
      <ProductImage url={product.imageUrl} />
      <View className="product__body">
        <Text className="product__name">{product.name}</Text>
        {product.description ? <Text className="product__description">{product.description}</Text> : null}
        <View className="product__row">
          <Price money={product.price} />
          {quantity > 0 ? (
            <QuantityStepper value={quantity} onChange={onQuantityChange} label={product.name} />
          ) : (
            <Button
              className="btn btn--small"
              size="mini"
              id={`add-${product.id}`}
              data-action="add-to-cart"
              aria-label={t('product.addLabel', { name: product.name })}
              onClick={onAdd}
            >
              {t('product.add')}
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}

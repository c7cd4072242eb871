import type { Product } from '@minipay/contracts'
import { Button, Image, Text, View } from '@tarojs/components'
import { Price } from './Price'
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
    <View className='card product' id={`product-${product.id}`}>
      {product.imageUrl ? <Image className='product__image' src={product.imageUrl} mode='aspectFill' /> : null}
      <View className='product__body'>
        <Text className='product__name'>{product.name}</Text>
        {product.description ? <Text className='product__description'>{product.description}</Text> : null}
        <View className='product__row'>
          <Price money={product.price} />
          {quantity > 0 ? (
            <QuantityStepper value={quantity} onChange={onQuantityChange} label={product.name} />
          ) : (
            <Button className='btn btn--small' size='mini' aria-label={`Add ${product.name}`} onClick={onAdd}>
              Add to cart
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}

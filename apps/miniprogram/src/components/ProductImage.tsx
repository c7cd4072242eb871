import { Image, View } from '@tarojs/components'
import { t } from '../i18n'
import { resolveApiUrl } from '../services/config'

/** A product's small picture, loaded from the API (never bundled: the main package stays small). */
export function ProductImage({ url, className = 'product__image' }: { url: string | null | undefined; className?: string }) {
  const src = resolveApiUrl(url)
  if (!src) {
    return (
      <View className={`${className} product__image--none`} aria-label={t('common.noImage')}>
        {' '}
      </View>
    )
  }
  return <Image className={className} src={src} mode="aspectFill" lazyLoad data-image="product" />
}

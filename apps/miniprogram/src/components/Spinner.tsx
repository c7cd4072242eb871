import { View } from '@tarojs/components'

export function Spinner() {
  return <View className="spinner" aria-hidden />
}

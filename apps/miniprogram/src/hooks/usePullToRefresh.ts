import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useState } from 'react'

/**
 * One refresh for both gestures: WeChat's pull-down (the page config enables it) and the H5 refresh button.
 * The pull-down spinner stops when the data is in, not before.
 */
export function usePullToRefresh(refresh: () => Promise<void>): { refreshing: boolean; onRefresh: () => void } {
  const [refreshing, setRefreshing] = useState(false)
  const onRefresh = useCallback(() => {
    setRefreshing(true)
    refresh().finally(() => {
      setRefreshing(false)
      Taro.stopPullDownRefresh()
    })
  }, [refresh])
  usePullDownRefresh(onRefresh)
  return { refreshing, onRefresh }
}

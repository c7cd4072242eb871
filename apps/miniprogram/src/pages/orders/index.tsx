import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { OrderRow } from '../../components/OrderRow'
import { EmptyState, ErrorState, Loading } from '../../components/StateViews'
import { useAsync } from '../../hooks/useAsync'
import { listOrders } from '../../services/api'
import { navigate } from '../../services/navigation'

export default function OrdersPage() {
  // A tab page stays mounted: reload each time it is shown so a payment made meanwhile appears.
  const { state, reload } = useAsync(listOrders, { auto: false })
  useDidShow(reload)
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })

  if (state.status === 'loading') return <Loading label='Loading your orders…' />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={reload} />
  if (state.data.items.length === 0) {
    return <EmptyState title='No orders yet' message='Orders you place will show up here.' actionLabel='Start shopping' onAction={() => navigate.shop()} />
  }
  return (
    <View className='page' id='orders-list'>
      {state.data.items.map((order) => (
        <OrderRow key={order.id} order={order} onOpen={() => navigate.order(order.id)} />
      ))}
    </View>
  )
}

import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Price } from '../../components/Price'
import { Spinner } from '../../components/Spinner'
import { ErrorState, Loading } from '../../components/StateViews'
import { usePaymentResult } from '../../hooks/usePaymentResult'
import { describeError } from '../../services/errors'
import { decodeParam, navigate } from '../../services/navigation'
import type { PaymentVerdict } from '../../services/pay'

const COPY: Record<PaymentVerdict, { icon: string; title: string; text: string }> = {
  paid: { icon: '✓', title: 'Paid', text: 'Thank you! Your payment was received.' },
  cancelled: { icon: '✕', title: 'Payment cancelled', text: 'You have not been charged. The order is waiting for payment.' },
  failed: { icon: '!', title: 'Payment failed', text: 'The payment did not go through. You can try again.' },
  unpaid: { icon: '…', title: 'Not paid yet', text: 'The order is waiting for payment.' },
  confirming: { icon: '', title: 'Confirming your payment…', text: 'This usually takes a few seconds.' },
  closed: { icon: '✕', title: 'Order closed', text: 'This order was closed and can no longer be paid.' },
  review: { icon: '…', title: 'Payment being checked', text: 'We are checking a payment for this order. You will not be charged again; we will contact you if needed.' },
}

export default function ResultPage() {
  const { params } = useRouter()
  const { state, reload, payAgain } = usePaymentResult(decodeParam(params.orderId), decodeParam(params.errMsg))

  if (state.phase === 'loading') return <Loading label='Checking your payment…' />
  if (state.phase === 'error') return <ErrorState error={state.error} onRetry={() => void reload()} />

  const { order, verdict, timedOut, paying, payError } = state
  const copy = COPY[verdict]
  const canPay = verdict === 'cancelled' || verdict === 'failed' || verdict === 'unpaid'
  return (
    <View className='page result' id='payment-result' data-verdict={verdict}>
      {verdict === 'confirming' && !timedOut ? <Spinner /> : <Text className='result__icon'>{copy.icon}</Text>}
      <Text className='result__title' id='result-title'>
        {timedOut ? 'Still confirming' : copy.title}
      </Text>
      <Price money={order.amount} className='price price--total' />
      <Text className='muted'>Order {order.merchantOrderId}</Text>
      <Text className='result__text'>
        {timedOut
          ? 'We have not heard back from the payment provider yet. If you paid, the order will show as paid in My orders shortly.'
          : copy.text}
      </Text>
      {payError ? <Text className='notice'>{describeError(payError).message}</Text> : null}
      {timedOut ? (
        <Button className='btn btn--secondary' onClick={() => void reload()}>
          Check again
        </Button>
      ) : null}
      {canPay ? (
        <Button className='btn' id='pay-again' disabled={paying || undefined} loading={paying || undefined} onClick={() => void payAgain()}>
          {paying ? 'Waiting for WeChat Pay…' : 'Pay again'}
        </Button>
      ) : null}
      <Button className='btn btn--secondary' id='view-orders' onClick={() => navigate.orders()}>
        My orders
      </Button>
      <Button className='btn btn--secondary' onClick={() => navigate.shop()}>
        Continue shopping
      </Button>
    </View>
  )
}

import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { ExpiryCountdown } from '../../components/ExpiryCountdown'
import { Price } from '../../components/Price'
import { Spinner } from '../../components/Spinner'
import { ErrorState, Loading } from '../../components/StateViews'
import { usePageTitle } from '../../hooks/usePageTitle'
import { usePaymentResult } from '../../hooks/usePaymentResult'
import { t, type MessageKey } from '../../i18n'
import { describeError } from '../../services/errors'
import { decodeParam, navigate } from '../../services/navigation'
import type { PaymentVerdict } from '../../services/pay'

const COPY: Record<PaymentVerdict, { icon: string; title: MessageKey; text: MessageKey }> = {
  paid: { icon: '✓', title: 'result.paid.title', text: 'result.paid.text' },
  cancelled: { icon: '✕', title: 'result.cancelled.title', text: 'result.cancelled.text' },
  failed: { icon: '!', title: 'result.failed.title', text: 'result.failed.text' },
  unpaid: { icon: '…', title: 'result.unpaid.title', text: 'result.unpaid.text' },
  confirming: { icon: '', title: 'result.confirming.title', text: 'result.confirming.text' },
  closed: { icon: '✕', title: 'result.closed.title', text: 'result.closed.text' },
  review: { icon: '…', title: 'result.review.title', text: 'result.review.text' },
}

export default function ResultPage() {
  usePageTitle('title.result')
  const { params } = useRouter()
  const { state, reload, payAgain } = usePaymentResult(decodeParam(params.orderId), decodeParam(params.errMsg))

  if (state.phase === 'loading') return <Loading label={t('result.loading')} />
  if (state.phase === 'error') return <ErrorState error={state.error} onRetry={() => void reload()} />

  const { order, verdict, timedOut, paying, payError } = state
  const copy = COPY[verdict]
  const canPay = verdict === 'cancelled' || verdict === 'failed' || verdict === 'unpaid'
  return (
    <View className="page result" id="payment-result" data-verdict={verdict} data-timed-out={timedOut}>
      {verdict === 'confirming' && !timedOut ? <Spinner /> : <Text className="result__icon">{copy.icon}</Text>}
      <Text className="result__title" id="result-title">
        {timedOut ? t('result.stillConfirming.title') : t(copy.title)}
      </Text>
      <Price money={order.amount} className="price price--total" />
      <Text className="muted" id="result-order-ref" data-merchant-order-id={order.merchantOrderId}>
        {t('result.orderRef', { ref: order.merchantOrderId })}
      </Text>
      <Text className="result__text">{timedOut ? t('result.stillConfirming.text') : t(copy.text)}</Text>
      {canPay ? <ExpiryCountdown order={order} onExpired={() => void reload()} /> : null}
      {payError ? <Text className="notice">{describeError(payError).message}</Text> : null}
      {timedOut ? (
        <Button className="btn btn--secondary" id="check-again" onClick={() => void reload()}>
          {t('result.checkAgain')}
        </Button>
      ) : null}
      {canPay ? (
        <Button className="btn" id="pay-again" disabled={paying || undefined} loading={paying || undefined} onClick={() => void payAgain()}>
          {paying ? t('common.waitingForWeChatPay') : t('result.payAgain')}
        </Button>
      ) : null}
      <Button className="btn btn--secondary" id="view-orders" onClick={() => navigate.orders()}>
        {t('result.myOrders')}
      </Button>
      <Button className="btn btn--secondary" id="continue-shopping" onClick={() => navigate.shop()}>
        {t('result.continueShopping')}
      </Button>
    </View>
  )
}

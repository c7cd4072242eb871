import { Button, Text, View } from '@tarojs/components'
import { t } from '../i18n'
import { describeError } from '../services/errors'
import { Spinner } from './Spinner'

export function Loading({ label }: { label?: string }) {
  return (
    <View className="state state--loading" role="status">
      <Spinner />
      <Text className="state__text">{label ?? t('common.loading')}</Text>
    </View>
  )
}

/** The one error view: wording from describeError, a retry button when retrying can help. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, message, retryable } = describeError(error)
  return (
    <View className="state state--error" role="alert">
      <Text className="state__title">{title}</Text>
      <Text className="state__text">{message}</Text>
      {retryable && onRetry ? (
        <Button className="btn btn--secondary" id="retry" onClick={onRetry}>
          {t('common.tryAgain')}
        </Button>
      ) : null}
    </View>
  )
}

export function EmptyState({ title, message, actionLabel, onAction }: { title: string; message?: string; actionLabel?: string; onAction?: () => void }) {
  return (
    <View className="state state--empty">
      <Text className="state__title">{title}</Text>
      {message ? <Text className="state__text">{message}</Text> : null}
      {actionLabel && onAction ? (
        <Button className="btn btn--secondary" id="empty-action" onClick={onAction}>
          {actionLabel}
        </Button>
      ) : null}
    </View>
  )
}

import { Button } from '@tarojs/components'
import { t } from '../i18n'

/**
 * WeChat refreshes a page by pulling it down (enablePullDownRefresh + usePullDownRefresh); a browser has no
 * such gesture, so the H5 build also shows this button, which does the same.
 */
export function RefreshControl({ id, busy, onRefresh }: { id: string; busy: boolean; onRefresh: () => void }) {
  if (process.env.TARO_ENV !== 'h5') return null
  return (
    <Button className="btn btn--secondary btn--small refresh" id={id} size="mini" disabled={busy || undefined} loading={busy || undefined} onClick={onRefresh}>
      {t('common.refresh')}
    </Button>
  )
}

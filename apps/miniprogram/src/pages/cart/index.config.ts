import { zhCN } from '../../i18n/messages/zh-CN'

// Static in the weapp build, hence the default language; usePageTitle sets the shopper's at run time.
export default definePageConfig({
  navigationBarTitleText: zhCN['title.cart'],
})

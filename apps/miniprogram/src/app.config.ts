import { zhCN } from './i18n/messages/zh-CN'

// Words here are static JSON in the weapp build, so they are the default language's (zh-CN); the pages set
// the shopper's own at run time (hooks/usePageTitle.ts).
export default defineAppConfig({
  // Keep in sync with services/navigation.ts ROUTES; scripts/check-weapp-build.mjs checks the built app.json.
  pages: ['pages/index/index', 'pages/cart/index', 'pages/result/index', 'pages/orders/index', 'pages/order/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: zhCN['app.title'],
    navigationBarTextStyle: 'black',
    backgroundColor: '#f2f2f2',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#07c160',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: zhCN['tab.shop'] },
      { pagePath: 'pages/orders/index', text: zhCN['tab.orders'] },
    ],
  },
})

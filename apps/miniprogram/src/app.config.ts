export default defineAppConfig({
  // Keep in sync with services/navigation.ts ROUTES; scripts/check-weapp-build.mjs checks the built app.json.
  pages: [
    'pages/index/index',
    'pages/cart/index',
    'pages/result/index',
    'pages/orders/index',
    'pages/order/index',
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: 'minipay',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f2f2f2',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#07c160',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: 'Shop' },
      { pagePath: 'pages/orders/index', text: 'My orders' },
    ],
  },
})

export default definePageConfig({
  navigationBarTitleText: 'My orders',
  enablePullDownRefresh: true,
})

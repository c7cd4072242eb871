export default definePageConfig({
  navigationBarTitleText: 'Payment result',
})

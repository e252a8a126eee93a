export default definePageConfig({
  navigationBarTitleText: '等级说明',
  enablePullDownRefresh: true,
});

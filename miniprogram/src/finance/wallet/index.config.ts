export default definePageConfig({
  navigationBarTitleText: '我的储值',
  enablePullDownRefresh: true,
});

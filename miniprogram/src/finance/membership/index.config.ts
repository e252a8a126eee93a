export default definePageConfig({
  navigationBarTitleText: '黑卡会员',
  enablePullDownRefresh: true,
});

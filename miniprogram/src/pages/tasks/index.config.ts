export default definePageConfig({
  navigationBarTitleText: '会员任务',
  enablePullDownRefresh: true,
});

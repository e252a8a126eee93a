export default defineAppConfig({
  pages: ['pages/index/index'],
  window: {
    navigationBarTitleText: '会员中心',
    navigationBarBackgroundColor: '#141414',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f3ef',
    backgroundTextStyle: 'dark',
  },
  // Inject only the components a page uses: faster start-up on weapp, ignored by H5.
  lazyCodeLoading: 'requiredComponents',
});

import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { onAppShow } from './session/arrival';
import { restoreSession } from './session/store';
import './app.scss';
import './components/ui/index.scss';

// Taro renders each page as `children`. The session is restored once per launch (silently, and
// only after privacy consent); pages follow it through useSession().
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void restoreSession();
  });
  // Every start and every return to the foreground: a friend's card or a scanned code may bring
  // an invite scene on a hot start, which the launch options never show.
  useDidShow((options) => {
    void onAppShow(options?.query);
  });
  return children;
}

export default App;

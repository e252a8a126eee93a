import { useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { restoreSession } from './session/store';
import './app.scss';
import './components/ui/index.scss';

// Taro renders each page as `children`. The session is restored once per launch (silently, and
// only after privacy consent); pages follow it through useSession().
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void restoreSession();
  });
  return children;
}

export default App;

import type { PropsWithChildren } from 'react';
import './app.scss';

// Taro renders each page as `children`; app-wide providers (session, theme) wrap them here.
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;

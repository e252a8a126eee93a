import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

// antd's zh_CN covers component texts; dayjs needs its own locale for DatePicker and formatting.
dayjs.locale('zh-cn');

export { zhCN };

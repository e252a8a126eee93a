export { memberGuard } from './member-guard';
export { memberIdOf } from './session.routes';
export { SessionService } from './session.service';

import { eventKey } from './wecom.events';

describe('eventKey', () => {
  const add = {
    Event: 'change_external_contact',
    ChangeType: 'add_external_contact',
    UserID: 'lily',
    ExternalUserID: 'wmABC',
    CreateTime: '1700000000',
    WelcomeCode: 'code-1',
  };

  it('is the same for a resent event and differs for a later one', () => {
    expect(eventKey({ ...add })).toBe(eventKey(add));
    expect(eventKey({ ...add, CreateTime: '1700000001' })).not.toBe(eventKey(add));
    expect(eventKey({ ...add, ChangeType: 'del_follow_user' })).not.toBe(eventKey(add));
  });

  it('keys tag library events by tag, change and time', () => {
    const tag = {
      Event: 'change_external_tag',
      Id: 't1',
      TagType: 'tag',
      ChangeType: 'update',
      CreateTime: '5',
    };
    expect(eventKey(tag)).toBe('tag:tag:t1:update:5');
    expect(eventKey({ ...tag, Id: 't2' })).not.toBe(eventKey(tag));
  });
});

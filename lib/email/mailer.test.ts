import { createMailer, smtpFailure } from './mailer';

test('a 5xx reply is a refusal for good; 4xx, connection errors and timeouts are worth another try', () => {
  const reply = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });
  expect(smtpFailure(reply(550, '5.1.1 No such user'))).toEqual({ message: '5.1.1 No such user', permanent: true });
  expect(smtpFailure(reply(535, 'Authentication failed'))).toMatchObject({ permanent: true });
  expect(smtpFailure(reply(451, '4.7.1 Greylisted'))).toMatchObject({ permanent: false });
  expect(smtpFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' }))).toMatchObject({
    permanent: false,
  });
  expect(smtpFailure('Greeting never received')).toEqual({ message: 'Greeting never received', permanent: false });
});

test('without SMTP_URL there is no mailer (email is off)', () => {
  expect(createMailer({ SMTP_URL: undefined, MAIL_FROM: 'planrrr <planrrr@example.com>' })).toBeUndefined();
  expect(createMailer({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'planrrr <planrrr@example.com>' })).toBeDefined();
});

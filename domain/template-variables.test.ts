import { fillForRules, fillTemplate, PLACEHOLDER_LENGTH, templateVariables } from './template-variables';

test('lists each variable once, in order, with the default given at any of its places', () => {
  expect(templateVariables(['Hi {{ name }}, see {{link|https://planrrr.example}}', 'Bye {{name|friend}} {{link}}'])).toEqual([
    { name: 'name', default: 'friend' },
    { name: 'link', default: 'https://planrrr.example' },
  ]);
});

test('fills values, else each place its own default, else the default given elsewhere', () => {
  const filled = fillTemplate(['{{greeting|Hello}} {{name}}!', 'Dear {{name|you}}, {{greeting}}'], { name: 'Ada' });
  expect(filled).toEqual({ ok: true, texts: ['Hello Ada!', 'Dear Ada, Hello'] });
  expect(fillTemplate(['{{name|you}} and {{name}}'], {})).toEqual({ ok: true, texts: ['you and you'] });
});

test('an empty value is a value, and an empty default is a default', () => {
  expect(fillTemplate(['[{{a}}][{{b|}}]'], { a: '' })).toEqual({ ok: true, texts: ['[][]'] });
});

test('a missing value without a default is named', () => {
  expect(fillTemplate(['{{name}} at {{place|home}} on {{day}}'], {})).toEqual({ ok: false, missing: ['name', 'day'], unknown: [] });
});

test('a value for a variable the template does not have is named, not ignored', () => {
  expect(fillTemplate(['Hi {{name}}'], { name: 'Ada', nmae: 'typo' })).toEqual({ ok: false, missing: [], unknown: ['nmae'] });
});

test('braces that are not a variable stay as written', () => {
  const texts = ['{} {single} {{ }} {{two words}} {{1st}} {{ unclosed', 'code: {{{x}}} and }}'];
  expect(templateVariables(texts)).toEqual([{ name: 'x' }]);
  expect(fillTemplate(texts, { x: 'X' })).toEqual({
    ok: true,
    texts: ['{} {single} {{ }} {{two words}} {{1st}} {{ unclosed', 'code: {X} and }}'],
  });
});

test('a value is inserted as text, never read as a variable or a replacement pattern', () => {
  expect(fillTemplate(['{{a}} {{b}}'], { a: '{{b}}', b: '$& $1' })).toEqual({ ok: true, texts: ['{{b}} $& $1'] });
});

test('the rules see defaults, and a placeholder of PLACEHOLDER_LENGTH characters where there is none', () => {
  expect(fillForRules(['{{name}} / {{city|Berlin}}'])).toEqual([`${'x'.repeat(PLACEHOLDER_LENGTH)} / Berlin`]);
});

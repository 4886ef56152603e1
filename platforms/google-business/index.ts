// Google Business Profile: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { GOOGLE_BUSINESS_OPTION_FIELDS, GoogleBusinessOptionsSchema } from './options';
import { codePoints, MB } from '../units';

const PHONE_NUMBER_CANDIDATE = /\+?\(?\d[\d\s().-]{5,}\d/g;
/** dates and year ranges look like digit runs too, and are not phone numbers */
const DATE_LIKE = /^(\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}\s*-\s*\d{4})$/;

/** Whether the text has a phone number as Google's post policy means it: 7 to 15 digits, with +, spaces, dots, dashes or brackets between. */
export function hasPhoneNumber(text: string): boolean {
  return (text.match(PHONE_NUMBER_CANDIDATE) ?? []).some((candidate) => {
    const digits = candidate.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15 && !DATE_LIKE.test(candidate.trim());
  });
}

export const googleBusiness = definePlatform({
  id: 'GOOGLE_BUSINESS',
  name: 'Google Business Profile',
  monogram: 'G',
  colour: '#1a73e8',
  previewActions: 'On your Business Profile in Search and Maps',
  previewMediaFirst: true,
  connectsWith: 'oauth',
  threads: false,
  comments: false,
  // none: the Business Profile APIs give no per-post counts (local post insights were retired
  // with the v4 reports; Performance API metrics are per location, not per post)
  metrics: [],
  duplicateTextWindowDays: null,
  rules: {
    name: 'Google Business Profile',
    // a local post's summary: 1,500 characters, without phone numbers (Google rejects posts
    // that contain one); one photo, JPEG or PNG, up to 5 MB. The topic, call to action,
    // event and offer are the account's options (domain/target-options.ts).
    // https://developers.google.com/my-business/content/posts-data
    // https://support.google.com/business/answer/7213077 (posts content policy)
    // https://support.google.com/business/answer/6103862 (photo guidelines)
    maxLength: 1500,
    measure: codePoints,
    unit: 'characters',
    media: {
      maxImages: 1,
      maxVideos: 0,
      allowsMixed: false,
      imageTypes: ['image/jpeg', 'image/png'],
      maxImageBytes: 5 * MB,
    },
    extra: (content) =>
      hasPhoneNumber(content)
        ? [
            {
              rule: 'phone-number',
              message: 'Google Business Profile refuses posts with a phone number in the text: use a "Call" call to action',
            },
          ]
        : [],
  },
  options: {
    schema: GoogleBusinessOptionsSchema,
    fields: GOOGLE_BUSINESS_OPTION_FIELDS,
  },
});

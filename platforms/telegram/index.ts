// Telegram: what planrrr knows of the platform (platforms/definition.ts says what each field is for).
import { definePlatform } from '../definition';
import { telegramConnect } from './connect';
import { MB, utf16Units } from '../units';

/** Telegram: a photo or video carries its text as a caption, shorter than a message. https://core.telegram.org/bots/api#sendphoto */
export const TELEGRAM_CAPTION_MAX_LENGTH = 1024;

export const telegram = definePlatform({
  id: 'TELEGRAM',
  name: 'Telegram',
  monogram: 'T',
  colour: '#229ed9',
  previewActions: 'Channel post · React · Comment',
  connectsWith: 'token',
  tokenConnect: telegramConnect,
  // a private channel has no public @name, so no link that works for everyone
  publishedWithoutLink: () => 'No public link: a private channel',
  threads: false,
  comments: false,
  // none: the Bot API counts no views or reactions of a channel post for bots
  // (https://core.telegram.org/bots/api: Message has no view count)
  metrics: [],
  // a channel takes any text again
  duplicateTextWindowDays: null,
  rules: {
    name: 'Telegram',
    // sendMessage: 1-4096 characters; sendPhoto/sendVideo/sendMediaGroup: a caption of
    // 0-1024 characters (extra); sendMediaGroup: 2-10 photos and videos, which may be mixed;
    // bots upload photos up to 10 MB and other files up to 50 MB
    // https://core.telegram.org/bots/api#sendmessage https://core.telegram.org/bots/api#sendmediagroup
    // https://core.telegram.org/bots/api#sending-files
    maxLength: 4096,
    measure: utf16Units,
    unit: 'characters (emoji count 2)',
    media: {
      maxImages: 10,
      maxVideos: 10,
      maxItems: 10,
      allowsMixed: true,
      imageTypes: ['image/jpeg', 'image/png', 'image/webp'],
      videoTypes: ['video/mp4'],
      maxImageBytes: 10 * MB,
      maxVideoBytes: 50 * MB,
    },
    extra: (content, media) =>
      media.length > 0 && utf16Units(content) > TELEGRAM_CAPTION_MAX_LENGTH
        ? [
            {
              rule: 'caption-too-long',
              message: `With media, the text is a Telegram caption: at most ${TELEGRAM_CAPTION_MAX_LENGTH} characters, it has ${utf16Units(content)}`,
            },
          ]
        : [],
  },
});

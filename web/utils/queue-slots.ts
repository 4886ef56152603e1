// A queue's weekly slots as the Queue page's form carries them, one hidden input a slot
// (`mon 09:00`), and the key its errors come back under, to show beside that slot.

export const DAY_NAMES: Readonly<Record<string, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface SlotFields {
  day: string;
  time: string;
}

export const slotText = (slot: SlotFields) => `${slot.day} ${slot.time}`;

/** Anything that is not `day time` goes to the schema as it is, for it to name. */
export function slotFromText(text: string): SlotFields {
  const [day = '', time = ''] = text.trim().toLowerCase().split(/\s+/);
  return { day, time };
}

export const slotErrorKey = (slot: SlotFields) => `slot ${slotText(slot)}`;

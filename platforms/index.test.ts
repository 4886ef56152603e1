import { Platform } from '../prisma/generated/enums';
import { PLATFORM_DEFINITIONS } from '.';

describe('the platform registry', () => {
  it("lists each value of the database's Platform enum once", () => {
    const ids = PLATFORM_DEFINITIONS.map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.values(Platform).sort());
  });
});

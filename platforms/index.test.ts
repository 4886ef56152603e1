import { Platform } from '../prisma/generated/enums';
import { PLATFORM_DEFINITIONS } from '.';
import type { PlatformDefinition } from './definition';
import { OAUTH_PLATFORMS } from './oauth-flows.server';

describe('the platform registry', () => {
  it("lists each value of the database's Platform enum once", () => {
    const ids = PLATFORM_DEFINITIONS.map((definition) => definition.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.values(Platform).sort());
  });

  it("gives every platform connected with a token its connect form, whose fields are its schema's", () => {
    for (const definition of PLATFORM_DEFINITIONS) {
      const { tokenConnect } = definition as PlatformDefinition;
      expect({ id: definition.id, hasForm: tokenConnect !== undefined }).toEqual({
        id: definition.id,
        hasForm: definition.connectsWith === 'token',
      });
      if (tokenConnect)
        expect(tokenConnect.fields.map((field) => field.name).sort()).toEqual(Object.keys(tokenConnect.schema.shape).sort());
    }
  });

  it('connects every platform whose definition connects with OAuth through one flow, and no other', () => {
    const oauthPlatforms = PLATFORM_DEFINITIONS.filter((definition) => definition.connectsWith === 'oauth').map(
      (definition) => definition.id,
    );
    expect(Object.keys(OAUTH_PLATFORMS).sort()).toEqual([...oauthPlatforms].sort());
  });
});

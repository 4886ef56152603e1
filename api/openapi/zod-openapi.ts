// Adds `.openapi()` to zod schemas. Imported first by the modules that define schemas
// for the document, since schemas created before the extension do not get the method.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

#!/usr/bin/env node
// The `planrrr-mcp` command: loads tsx to run planrrr's TypeScript MCP server on stdio.
require('tsx/cjs');
require('../mcp/stdio.ts');

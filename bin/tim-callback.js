#!/usr/bin/env node
await import('../dist/tim-callback.js');

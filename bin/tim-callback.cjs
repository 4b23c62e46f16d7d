#!/usr/bin/env node
// CommonJS on purpose: see scripts/bundle.js.
'use strict';
require('../dist/tim-callback.cjs');
